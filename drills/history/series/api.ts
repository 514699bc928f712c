import { api } from '../../../lib/catalog/api.ts';
import { bucket } from '../../../lib/catalog/define.ts';
import { cargoCategories } from '../../../lib/domain/vocabulary.ts';
import type { Moment } from '../moment.ts';
import { counter, expCdf, gauge, histogram, type Series } from './define.ts';

/** The API's replicas as Prometheus finds them in the Swarm (`tasks.api`). */
export const apiInstances = ['10.0.1.11:3000', '10.0.1.12:3000'] as const;

/** Route templates (the `route` label) with their share of the traffic and success status. */
const routes: readonly { method: string; route: string; share: number; ok: string; also?: string }[] = [
  { method: 'GET', route: '/api/v1/vessels', share: 0.12, ok: '200' },
  { method: 'GET', route: '/api/v1/vessels/:id', share: 0.1, ok: '200', also: '404' },
  { method: 'GET', route: '/api/v1/vessels/:id/track', share: 0.05, ok: '200' },
  { method: 'GET', route: '/api/v1/positions/latest', share: 0.2, ok: '200' },
  { method: 'POST', route: '/api/v1/positions', share: 0.25, ok: '201', also: '400' },
  { method: 'GET', route: '/api/v1/port-calls', share: 0.08, ok: '200' },
  { method: 'POST', route: '/api/v1/port-calls/:id/events', share: 0.04, ok: '201', also: '409' },
  { method: 'GET', route: '/api/v1/cargo-operations', share: 0.06, ok: '200' },
  { method: 'POST', route: '/api/v1/cargo-operations/:id/progress', share: 0.04, ok: '201' },
  { method: 'GET', route: '/api/v1/shifts', share: 0.03, ok: '200' },
  { method: 'POST', route: '/api/v1/auth/login', share: 0.02, ok: '200', also: '401' },
  { method: 'GET', route: '/healthz', share: 0.01, ok: '200' },
];

/** Latency: most requests tens of ms, a slow tail of hundreds (wider in the slow week). */
const latencyCdf = (m: Moment, le: number) =>
  (1 - m.slowShare) * expCdf(le, 0.03) + m.slowShare * expCdf(le, 0.6);
const latencyMean = (m: Moment) => (1 - m.slowShare) * 0.03 + m.slowShare * 0.6;

function httpSeries(instance: string, replicas: number): Series[] {
  const d = api.httpRequestDuration;
  const name = bucket(d).replace(/_bucket$/, '');
  return routes.flatMap(({ method, route, share, ok, also }) => {
    const perSecond = (m: Moment) => (m.requestRate * share) / replicas;
    const statuses: [string, (m: Moment) => number][] = [
      [ok, (m) => perSecond(m) * (1 - m.errorShare - (also ? 0.01 : 0))],
      ['500', (m) => perSecond(m) * m.errorShare],
      ...(also ? [[also, (m: Moment) => perSecond(m) * 0.01] as [string, (m: Moment) => number]] : []),
    ];
    return statuses.flatMap(([status_code, rate]) =>
      histogram(
        name,
        'api',
        instance,
        { method, route, status_code },
        d.buckets ?? [],
        rate,
        latencyCdf,
        latencyMean,
      ),
    );
  });
}

function replicaSeries(instance: string, replicas: number): Series[] {
  const share = (rate: (m: Moment) => number) => (m: Moment) => rate(m) / replicas;
  const q = api.dbQueryDuration;
  return [
    ...httpSeries(instance, replicas),
    gauge(api.httpRequestsInFlight.name, 'api', instance, {}, (m) => Math.round(m.requestRate * 0.02)),
    ...['total', 'idle', 'waiting'].map((state) =>
      gauge(api.dbPoolClients.name, 'api', instance, { state }, (m) =>
        state === 'total' ? 10 : state === 'idle' ? Math.round(10 - 6 * m.load) : 0,
      ),
    ),
    ...['select', 'insert', 'update'].flatMap((operation) =>
      histogram(
        q.name,
        'api',
        instance,
        { operation },
        q.buckets ?? [],
        share((m) => m.requestRate * (operation === 'select' ? 1.2 : 0.3)),
        (m, le) => expCdf(le, 0.004 + m.slowShare * 0.05),
        (m) => 0.004 + m.slowShare * 0.05,
      ),
    ),
    ...['hit', 'miss'].map((result) =>
      counter(
        api.cacheRequests.name,
        'api',
        instance,
        { cache: 'positions', result },
        share((m) => m.requestRate * 0.2 * (result === 'hit' ? 0.9 : 0.1)),
      ),
    ),
    ...['arrived', 'berthed', 'departed'].map((type) =>
      counter(
        api.portCallEvents.name,
        'api',
        instance,
        { type },
        share((m) => m.arrivalRate),
      ),
    ),
    ...cargoCategories.map((category) =>
      counter(
        api.cargoOperationsCompleted.name,
        'api',
        instance,
        { category },
        share((m) => m.cargoCompletionRate / cargoCategories.length),
      ),
    ),
    counter(
      api.positionsIngested.name,
      'api',
      instance,
      {},
      share((m) => m.positionRate),
    ),
    counter(
      api.positionsRejected.name,
      'api',
      instance,
      { reason: 'invalid' },
      share((m) => m.positionRate * 0.001),
    ),
    ...histogram(
      api.positionIngestLag.name,
      'api',
      instance,
      {},
      api.positionIngestLag.buckets ?? [],
      share((m) => m.positionRate),
      (_m, le) => expCdf(le, 1.5),
      () => 1.5,
    ),
    ...['success', 'failure'].map((result) =>
      counter(
        api.logins.name,
        'api',
        instance,
        { result },
        share((m) => m.load * (result === 'success' ? 0.05 : 0.002)),
      ),
    ),
    gauge(api.loginFailureAccountsPerAddress.name, 'api', instance, {}, () => 1),
    gauge(api.loginFailuresPerAccount.name, 'api', instance, {}, () => 1),
    gauge(api.activeSessions.name, 'api', instance, {}, (m) => Math.round((40 * m.load) / replicas)),
    counter(api.rateLimited.name, 'api', instance, { limiter: 'login' }, () => 0),
    gauge(api.sseClients.name, 'api', instance, {}, (m) => Math.round((12 * m.load) / replicas)),
    // The retention job runs every hour on every replica (api/domain/tracking/retention.ts): last at hh:05.
    gauge(api.positionRetentionLastSuccess.name, 'api', instance, {}, (m) => m.t - ((m.t - 300) % 3600)),
    gauge(
      api.buildInfo.name,
      'api',
      instance,
      { service: 'api', version: '0.1.0', node_version: 'v24.11.0' },
      () => 1,
    ),
  ];
}

export const apiSeries = (): Series[] => apiInstances.flatMap((i) => replicaSeries(i, apiInstances.length));
