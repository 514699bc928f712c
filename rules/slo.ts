import { api, bucket, count } from '../lib/catalog/index.ts';
import { dashboardRef, onJob, slos, sumRate, thresholds } from '../lib/monitoring/index.ts';
import { ruleFile } from './build/define.ts';
import { type SloSpec, sloAlerts, sloRecords } from './build/slo.ts';
import { input } from './build/test-input.ts';

const t = thresholds.slo;
const requests = (...m: string[]) => onJob('api', count(api.httpRequestDuration), ...m);
const fastEnough = onJob('api', bucket(api.httpRequestDuration), `le="${t.latencyThreshold}"`);
const at = { instance: 'api-1:8080', method: 'GET', route: '/vessels' };

/** Requests per minute by status code, as promtool input. */
const traffic = (errorsPerMinute: number, okPerMinute: number) => [
  input('api', count(api.httpRequestDuration), { ...at, status_code: '500' }, `0+${errorsPerMinute}x40`),
  input('api', count(api.httpRequestDuration), { ...at, status_code: '200' }, `0+${okPerMinute}x40`),
];
/** Requests per minute, and how many of them within the latency threshold. */
const speed = (fastPerMinute: number, totalPerMinute: number) => [
  input(
    'api',
    bucket(api.httpRequestDuration),
    { ...at, status_code: '200', le: t.latencyThreshold },
    `0+${fastPerMinute}x40`,
  ),
  input('api', count(api.httpRequestDuration), { ...at, status_code: '200' }, `0+${totalPerMinute}x40`),
];

const availability: SloSpec = {
  slo: slos.availability,
  objective: t.availabilityObjective,
  events: {
    // `or ... * 0`: with traffic but no 5xx yet the bad events are 0, not missing (no series
    // would leave the SLO panels empty on a healthy system). With no traffic at all, no series.
    bad: (w) => `${sumRate(w, requests('status_code=~"5.."'))} or ${sumRate(w, requests())} * 0`,
    all: (w) => sumRate(w, requests()),
  },
  alertPrefix: 'ApiAvailability',
  promise: 'answer without a server error',
  service: 'api',
  dashboard: dashboardRef('slo', 'burnRate'),
  page: t.page,
  ticket: t.ticket,
  // Budget 0.1%: 10% errors burn at 100x, 0.5% at 5x, 0.05% at 0.5x.
  tests: { fastBurn: traffic(10, 90), slowBurn: traffic(1, 199), healthy: traffic(1, 1999) },
  // 15 of 60 requests a minute fail: 0.25 bad and 1 in all per second.
  eventsTest: { input: traffic(15, 45), bad: 0.25, all: 1 },
};

const latency: SloSpec = {
  slo: slos.latency,
  objective: t.latencyObjective,
  events: {
    bad: (w) => `${sumRate(w, requests())} - ${sumRate(w, fastEnough)}`,
    all: (w) => sumRate(w, requests()),
  },
  alertPrefix: 'ApiLatency',
  promise: `answer within ${Number(t.latencyThreshold) * 1000} ms`,
  service: 'api',
  dashboard: dashboardRef('slo', 'burnRate'),
  page: t.page,
  ticket: t.ticket,
  // Budget 5%: 50% slow burns at 10x (pages on 6h+30m), 20% at 4x, 1% at 0.2x.
  tests: { fastBurn: speed(50, 100), slowBurn: speed(80, 100), healthy: speed(99, 100) },
  // 45 of 60 requests a minute fast enough: 0.25 slow and 1 in all per second.
  eventsTest: { input: speed(45, 60), bad: 0.25, all: 1 },
};

export const sloRules = ruleFile(import.meta.url, 'slo', {
  records: [...sloRecords(availability), ...sloRecords(latency)],
  alerts: [...sloAlerts(availability), ...sloAlerts(latency)],
});
