import { api, bucket, count } from '../lib/catalog/index.ts';
import {
  dashboardRef,
  type Duration,
  jobs,
  onJob,
  quantileOf,
  quantileOfRecorded,
  ranges,
  recording,
  sumRate,
  thresholds,
} from '../lib/monitoring/index.ts';
import { alert, record, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.api;
const requests = (...m: string[]) => onJob('api', count(api.httpRequestDuration), ...m);
/** Share of the API's requests that ended in a 5xx over `window`, by job. */
const errorRatio = (window: Duration) =>
  `${sumRate(window, requests('status_code=~"5.."'), ['job'])} / ${sumRate(window, requests(), ['job'])}`;
const latencyBuckets = onJob('api', bucket(api.httpRequestDuration));
const instance = { instance: 'api-1:8080', method: 'GET', route: '/vessels' };

const requestSeries = (status: string, values: string) =>
  input('api', count(api.httpRequestDuration), { ...instance, status_code: status }, values);
const retentionSeries = (instance: string, values: string) =>
  input('api', api.positionRetentionLastSuccess.name, { instance }, values);
/** Bucket counters per minute at `le` on one instance and route. */
const bucketSeries = (instance: string, route: string, perMinute: Record<string, number>) =>
  Object.entries(perMinute).map(([le, n]) =>
    input(
      'api',
      bucket(api.httpRequestDuration),
      { instance, method: 'GET', route, status_code: '200', le },
      `0+${n}x20`,
    ),
  );
const bucketRate = (instance: string, le: string, value: number) => ({
  series: `${recording.apiLatencyBucketRate}{job="${jobs.api}",instance="${instance}",le="${le}"}`,
  value,
});
const latencySeries = (perMinute: Record<string, number>) =>
  Object.entries(perMinute).map(([le, n]) =>
    input('api', bucket(api.httpRequestDuration), { ...instance, status_code: '200', le }, `0+${n}x40`),
  );

/**
 * An alert on one of the API's login-attack gauges (a per-replica maximum over the last 10
 * minutes): the largest replica's value above the threshold, for a minute.
 */
function loginAttackAlert(a: {
  name: string;
  metric: string;
  threshold: number;
  summary: string;
  description: string;
  /** The gauge's value in the firing case, and one value per replica in the healthy case. */
  firing: number;
  healthy: number[];
}) {
  const series = (value: number, replica = 1) =>
    input('api', a.metric, { instance: `api-${replica}:8080` }, `${value}x20`);
  return alert({
    name: a.name,
    expr: `max by (job) (${onJob('api', a.metric)}) > ${a.threshold}`,
    for: t.loginAttackFor,
    severity: 'warning',
    service: 'api',
    summary: a.summary,
    description: a.description,
    identifiedBy: ['job'],
    dashboard: dashboardRef('security', 'failedLogins'),
    test: {
      firing: [series(a.firing)],
      labels: { job: jobs.api },
      value: String(a.firing),
      healthy: a.healthy.map((v, i) => series(v, i + 1)),
    },
  });
}

export const apiRules = ruleFile(import.meta.url, 'api', {
  records: [
    record({
      record: recording.apiRequestRate,
      expr: sumRate(ranges.rule, requests(), ['route', 'status_code']),
    }),
    record({
      record: recording.apiLatencyBucketRate,
      expr: sumRate(ranges.rule, latencyBuckets, ['job', 'instance', 'le']),
      test: {
        why: 'routes summed per instance and bucket',
        input: [
          ...bucketSeries('api-1:8080', '/vessels', { '0.2': 60, '+Inf': 120 }),
          ...bucketSeries('api-1:8080', '/port-calls', { '0.2': 60, '+Inf': 60 }),
          ...bucketSeries('api-2:8080', '/vessels', { '0.2': 30, '+Inf': 30 }),
        ],
        at: '10m',
        expect: [
          bucketRate('api-1:8080', '0.2', 2),
          bucketRate('api-1:8080', '+Inf', 3),
          bucketRate('api-2:8080', '0.2', 0.5),
          bucketRate('api-2:8080', '+Inf', 0.5),
        ],
      },
    }),
    record({
      record: recording.apiLatencyP95,
      expr: quantileOf(0.95, ranges.rule, latencyBuckets, ['route']),
    }),
  ],
  alerts: [
    alert({
      name: 'ApiDown',
      expr: `max by (job) (${onJob('api', 'up')}) == 0 or absent(${onJob('api', 'up')})`,
      for: t.downFor,
      severity: 'critical',
      service: 'api',
      summary: 'The PortTrack API is down.',
      description: `No instance of {{ $labels.job }} has answered a scrape for ${t.downFor}: port staff cannot see vessels, berths or cargo, and AIS positions are not stored.`,
      identifiedBy: ['job'],
      dashboard: dashboardRef('api', 'requestRate'),
      test: {
        firing: [
          input('api', 'up', { instance: 'api-1:8080' }, '0x20'),
          input('api', 'up', { instance: 'api-2:8080' }, '0x20'),
        ],
        labels: { job: jobs.api },
        // Series of another job only: no API target discovered at all.
        alsoFiresOn: [
          {
            why: 'no API target discovered',
            firing: [input('node', 'up', { instance: 'host-1:9100' }, '1x20')],
          },
        ],
        // One replica down is not an outage: the other still answers.
        healthy: [
          input('api', 'up', { instance: 'api-1:8080' }, '0x20'),
          input('api', 'up', { instance: 'api-2:8080' }, '1x20'),
        ],
      },
    }),
    alert({
      name: 'ApiHighErrorRate',
      expr: `${errorRatio(t.errorWindow)} > ${t.errorRatio} and ${errorRatio(t.errorShortWindow)} > ${t.errorRatio}`,
      for: t.errorFor,
      severity: 'critical',
      service: 'api',
      summary: 'The PortTrack API is failing requests.',
      description: `{{ $value | humanizePercentage }} of requests to {{ $labels.job }} ended in a 5xx over the last ${t.errorWindow}, and more than ${t.errorRatio * 100}% over the last ${t.errorShortWindow} too.`,
      identifiedBy: ['job'],
      dashboard: dashboardRef('api', 'errorRate'),
      test: {
        // Samples every 15 s, as scraped: a 1-minute rate needs more than one sample per minute.
        interval: '15s',
        firing: [requestSeries('500', '0+10x40'), requestSeries('200', '0+90x40')],
        holdsFrom: '30s',
        labels: { job: jobs.api },
        value: '10%',
        healthy: [requestSeries('500', '0+1x40'), requestSeries('200', '0+199x40')],
        alsoSilentOn: [
          {
            // 45 s of one request in two failing, at 5 minutes: over 5% for five minutes, gone
            // from the last minute long before two minutes pass.
            why: 'a 45-second blip',
            healthy: [requestSeries('500', '0x20 0+100x3 300x20'), requestSeries('200', '0+100x44')],
            at: '8m',
          },
          {
            // 1% errors, then 6% for the last 3.5 minutes: 4.5% over five minutes.
            why: 'errors over 5% in the last minute but not over five',
            healthy: [requestSeries('500', '0+1x20 26+6x13'), requestSeries('200', '0+99x20 2074+94x13')],
            at: '510s',
          },
        ],
      },
    }),
    alert({
      name: 'ApiHighLatency',
      // The buckets' rate as recorded above (the panel reads the same recording).
      expr: `${quantileOfRecorded(0.95, recording.apiLatencyBucketRate, ['job'])} > ${t.latencyP95Seconds}`,
      for: t.latencyFor,
      severity: 'warning',
      service: 'api',
      summary: 'The PortTrack API responds slowly.',
      description: `The 95th percentile response time of {{ $labels.job }} is {{ $value | humanizeDuration }} (threshold ${t.latencyP95Seconds}s).`,
      identifiedBy: ['job'],
      dashboard: dashboardRef('api', 'latency'),
      test: {
        firing: latencySeries({ '0.2': 0, '2': 0, '5': 10, '+Inf': 10 }),
        labels: { job: jobs.api },
        value: '4.85s',
        healthy: latencySeries({ '0.2': 10, '2': 10, '5': 10, '+Inf': 10 }),
      },
    }),
    alert({
      name: 'ApiFailedLoginsHigh',
      expr: `sum by (job) (increase(${onJob('api', api.logins.name, 'result="failure"')}[${t.failedLoginsWindow}])) > ${t.failedLogins}`,
      for: t.failedLoginsFor,
      severity: 'warning',
      service: 'api',
      summary: 'Many failed logins on the PortTrack API.',
      description: `More than ${t.failedLogins} failed logins in ${t.failedLoginsWindow} on {{ $labels.job }}: someone may be guessing port staff passwords.`,
      identifiedBy: ['job'],
      dashboard: dashboardRef('security', 'failedLogins'),
      test: {
        // The condition first holds here (increase() over 5 failures a minute passes 10 after 2.5 minutes).
        holdsFrom: '150s',
        firing: [input('api', api.logins.name, { instance: 'api-1:8080', result: 'failure' }, '0+5x20')],
        labels: { job: jobs.api },
        healthy: [input('api', api.logins.name, { instance: 'api-1:8080', result: 'failure' }, '0+1x20')],
      },
    }),
    loginAttackAlert({
      name: 'ApiCredentialStuffing',
      metric: api.loginFailureAccountsPerAddress.name,
      threshold: t.stuffingAccountsPerAddress,
      summary: 'One client address is trying many accounts.',
      description: `One address failed to log in to {{ $value | printf "%.0f" }} different accounts on {{ $labels.job }} within 10 minutes (threshold ${t.stuffingAccountsPerAddress}): credential stuffing with a leaked list.`,
      firing: 25,
      // Each replica sees only its share, and no share crosses the line.
      healthy: [3, 2],
    }),
    loginAttackAlert({
      name: 'ApiAccountUnderAttack',
      metric: api.loginFailuresPerAccount.name,
      threshold: t.attackedAccountFailures,
      summary: 'One account is taking many failed logins.',
      description: `One account took {{ $value | printf "%.0f" }} failed logins on {{ $labels.job }} within 10 minutes (threshold ${t.attackedAccountFailures}): its password is being guessed, likely from many addresses.`,
      firing: 60,
      healthy: [4],
    }),
    alert({
      name: 'ApiDbPoolSaturated',
      expr: `max by (job, instance) (${onJob('api', api.dbPoolClients.name, 'state="waiting"')}) > 0`,
      for: t.poolWaitingFor,
      severity: 'warning',
      service: 'api',
      summary: 'API requests are queueing for a database connection.',
      description: `{{ $value | printf "%.0f" }} requests on {{ $labels.instance }} ({{ $labels.job }}) have been waiting for a PostgreSQL pool client for ${t.poolWaitingFor}.`,
      identifiedBy: ['job', 'instance'],
      dashboard: dashboardRef('system', 'postgres'),
      test: {
        firing: [input('api', api.dbPoolClients.name, { instance: 'api-1:8080', state: 'waiting' }, '3x20')],
        labels: target('api', 'api-1:8080'),
        value: '3',
        healthy: [input('api', api.dbPoolClients.name, { instance: 'api-1:8080', state: 'waiting' }, '0x20')],
      },
    }),
    alert({
      name: 'PositionRetentionFailing',
      expr: `time() - max by (job) (${onJob('api', api.positionRetentionLastSuccess.name)}) > ${t.retentionStaleSeconds}`,
      for: t.retentionFor,
      severity: 'warning',
      service: 'api',
      summary: 'The positions retention job keeps failing.',
      description:
        'No replica of {{ $labels.job }} has completed the hourly positions retention job for {{ $value | humanizeDuration }}: ' +
        'expired AIS positions stay in the database, and the coming days get no partitions (new positions land in the default partition once the 3 days made ahead run out).',
      identifiedBy: ['job'],
      dashboard: dashboardRef('api', 'positionRetention'),
      test: {
        // Samples every 2 minutes: hours of input in few samples, still inside the 5-minute lookback.
        interval: '2m',
        // Done at t=0 and never again: the condition holds from the first evaluation past 3 hours.
        holdsFrom: '10830s',
        firing: [retentionSeries('api-1:8080', '0x110')],
        labels: { job: jobs.api },
        firesAt: '210m',
        value: '3h 30m 0s',
        // One replica never ran the job (the other held its lock); the other runs it every hour.
        healthy: [
          retentionSeries('api-1:8080', '0x110'),
          retentionSeries('api-2:8080', '0x29 3600x29 7200x29 10800x29'),
        ],
      },
    }),
  ],
});
