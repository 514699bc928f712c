import { api, bucket, count } from '../lib/catalog/index.ts';
import { dashboardRef, onJob, slos, thresholds } from '../lib/monitoring/index.ts';
import { ruleFile } from './build/define.ts';
import { type SloSpec, sloAlerts, sloRecords } from './build/slo.ts';
import { input } from './build/test-input.ts';

const t = thresholds.slo;
const requests = (...m: string[]) => onJob('api', count(api.httpRequestDuration), ...m);
const fastEnough = onJob('api', bucket(api.httpRequestDuration), `le="${t.latencyThreshold}"`);
const at = { instance: 'api-1:8080', method: 'GET', route: '/vessels' };

/**
 * One counter's samples, one a minute for 40 minutes, rising `perMinute`: from 0, or restarting
 * from 0 at minute 8 (a restart resets the counter), or new at minute 7 (no sample before).
 */
type Shape = 'steady' | 'restart' | 'new';
const counter = (perMinute: number, shape: Shape = 'steady') =>
  ({
    steady: `0+${perMinute}x40`,
    restart: `0+${perMinute}x7 0+${perMinute}x32`,
    new: `_x7 0+${perMinute}x33`,
  })[shape];

/** Requests per minute by status code, as promtool input. */
const traffic = (
  errorsPerMinute: number,
  okPerMinute: number,
  shapes: [Shape, Shape] = ['steady', 'steady'],
) => [
  input(
    'api',
    count(api.httpRequestDuration),
    { ...at, status_code: '500' },
    counter(errorsPerMinute, shapes[0]),
  ),
  input(
    'api',
    count(api.httpRequestDuration),
    { ...at, status_code: '200' },
    counter(okPerMinute, shapes[1]),
  ),
];
/** Requests per minute, and how many of them within the latency threshold. */
const speed = (fastPerMinute: number, totalPerMinute: number, shape: Shape = 'steady') => [
  input(
    'api',
    bucket(api.httpRequestDuration),
    { ...at, status_code: '200', le: t.latencyThreshold },
    counter(fastPerMinute, shape),
  ),
  input('api', count(api.httpRequestDuration), { ...at, status_code: '200' }, counter(totalPerMinute, shape)),
];

/**
 * A sample every 40 s, so the 5-minute grid falls between samples every other step, as in
 * production (scrapes at their own phase): the 1d window ending at 1455 minutes, read at 1457.
 * One request a second, and bad bursts of 1000 in the sample interval before its start (in the
 * tile ending there), 100 in the one after it, 10 in its last and 10000 just after its end.
 * The window holds 110 bad of 86,510: the counters' last samples before its end (sample 2182)
 * minus those before its start (sample 22).
 */
const edgeBursts = {
  /** The bad events' counter. */
  bad: '0x21 1000 1100x2158 1110 11110x7',
  /** Good events, 40 a sample. */
  good: '0+40x2190',
  /** Bad and good together. */
  all: '0+40x21 1880 2020+40x2158 88390 98430+40x7',
} as const;
const edgeWindow = { interval: '40s', windowEnd: '1455m', at: '1457m', bad: 110, all: 86_510 } as const;

const availability: SloSpec = {
  slo: slos.availability,
  objective: t.availabilityObjective,
  events: {
    // `or ... * 0`: with traffic but no 5xx yet the bad events are 0, not missing (no series
    // would leave the SLO panels empty on a healthy system). With no traffic at all, no series.
    bad: (n) => `${n(requests('status_code=~"5.."'))} or ${n(requests())} * 0`,
    all: (n) => n(requests()),
  },
  alertPrefix: 'ApiAvailability',
  promise: 'answer without a server error',
  service: 'api',
  dashboard: dashboardRef('slo', 'burnRate'),
  page: t.page,
  ticket: t.ticket,
  // Budget 0.1%: 10% errors burn at 100x, 0.5% at 5x, 0.05% at 0.5x.
  tests: { fastBurn: traffic(10, 90), slowBurn: traffic(1, 199), healthy: traffic(1, 1999) },
  // 15 of 60 requests a minute fail.
  eventsTests: [
    { why: 'steady traffic', input: traffic(15, 45), at: '10m', bad: 75, all: 300 },
    // 4 increments each since minute 5 (the reset's own minute counts 0, as in increase()).
    {
      why: 'both counters reset at minute 8',
      input: traffic(15, 45, ['restart', 'restart']),
      at: '10m',
      bad: 60,
      all: 240,
    },
    {
      why: 'the 5xx series new at minute 7',
      input: traffic(15, 45, ['new', 'steady']),
      at: '10m',
      bad: 45,
      all: 270,
    },
  ],
  windowTest: {
    input: [
      input('api', count(api.httpRequestDuration), { ...at, status_code: '500' }, edgeBursts.bad),
      input('api', count(api.httpRequestDuration), { ...at, status_code: '200' }, edgeBursts.good),
    ],
    ...edgeWindow,
  },
};

const latency: SloSpec = {
  slo: slos.latency,
  objective: t.latencyObjective,
  events: {
    bad: (n) => `${n(requests())} - ${n(fastEnough)}`,
    all: (n) => n(requests()),
  },
  alertPrefix: 'ApiLatency',
  promise: `answer within ${Number(t.latencyThreshold) * 1000} ms`,
  service: 'api',
  dashboard: dashboardRef('slo', 'burnRate'),
  page: t.page,
  ticket: t.ticket,
  // Budget 5%: 50% slow burns at 10x (pages on 6h+30m), 20% at 4x, 1% at 0.2x.
  tests: { fastBurn: speed(50, 100), slowBurn: speed(80, 100), healthy: speed(99, 100) },
  // 45 of 60 requests a minute fast enough.
  eventsTests: [
    { why: 'steady traffic', input: speed(45, 60), at: '10m', bad: 75, all: 300 },
    { why: 'both counters reset at minute 8', input: speed(45, 60, 'restart'), at: '10m', bad: 60, all: 240 },
    { why: 'a route new at minute 7', input: speed(45, 60, 'new'), at: '10m', bad: 45, all: 180 },
  ],
  windowTest: {
    input: [
      input(
        'api',
        bucket(api.httpRequestDuration),
        { ...at, status_code: '200', le: t.latencyThreshold },
        edgeBursts.good,
      ),
      input('api', count(api.httpRequestDuration), { ...at, status_code: '200' }, edgeBursts.all),
    ],
    ...edgeWindow,
  },
};

/** The SLOs, as defined here: the size bench computes their windows from the same events. */
export const sloSpecs: readonly SloSpec[] = [availability, latency];

export const sloRules = ruleFile(import.meta.url, 'slo', {
  records: [...sloRecords(availability), ...sloRecords(latency)],
  alerts: [...sloAlerts(availability), ...sloAlerts(latency)],
});
