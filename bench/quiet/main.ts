/**
 * `npm run bench -- quiet`: the whole local stack, exactly as `npm start` runs it (embedded
 * PostgreSQL, simulator with no fault scenario, Prometheus with the production `for:` values,
 * Alertmanager and the notifier), left alone for 60 minutes. Run once (the hour is the
 * measurement). Goal: nothing fires but Watchdog. Every alert that went pending is listed with
 * what Prometheus said about it (its description and value when first seen).
 *
 *   BENCH_TIMEOUT_S=4500 npm run bench -- quiet      # BENCH_QUIET_MINUTES=60 by default
 */
import { defaultRunbookBaseUrl } from '../../lib/monitoring/index.ts';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';
import { startPlatform } from '../../local-platform/platform.ts';
import { localStackTimings } from '../../local-platform/timings.ts';
import { exitForVerdicts, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { spread } from '../lib/rounds.ts';
import { alertHistory } from './alert-history.ts';

const minutes = Number(process.env.BENCH_QUIET_MINUTES ?? 60);
const pollMs = 5000;
const log = (m: string) => console.log(`[bench:quiet ${new Date().toISOString().slice(11, 19)}] ${m}`);
const dataDir = join(repoRoot, '.data', 'bench-quiet');
await rm(dataDir, { recursive: true, force: true });

const platform = await startPlatform({
  portBase: 0,
  dataDir,
  demoPassword: randomBytes(12).toString('base64url'),
  ...localStackTimings,
  runbookBaseUrl: defaultRunbookBaseUrl,
  monitoring: true,
  progress: log,
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void platform.stop().finally(() => process.exit(1)));

const prometheus = platform.prometheus?.url;
if (!prometheus) {
  await platform.stop();
  throw new Error(`Prometheus is not running: ${platform.missing.map((m) => m.reason).join('; ')}`);
}

/** What Prometheus said about each alert when this run first saw it pending or firing. */
interface FirstSeen {
  state: string;
  at: string;
  value: string;
  summary: string;
  description: string;
}
const firstSeen = new Map<string, FirstSeen>();
const identity = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const loads: number[] = [];

const started = new Date();
log(`ready; watching alerts for ${minutes} min (load average ${loadavg()[0]?.toFixed(2)})`);
const end = started.getTime() + minutes * 60_000;
let lastLoad = 0;
while (Date.now() < end) {
  try {
    const res = await fetch(`${prometheus}/api/v1/alerts`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as {
      data: {
        alerts: Array<{
          labels: Record<string, string>;
          annotations: Record<string, string>;
          state: string;
          value: string;
        }>;
      };
    };
    for (const alert of body.data.alerts) {
      const key = `${identity(alert.labels)}|${alert.state}`;
      if (firstSeen.has(key)) continue;
      firstSeen.set(key, {
        state: alert.state,
        at: new Date().toISOString(),
        value: alert.value,
        summary: alert.annotations.summary ?? '',
        description: alert.annotations.description ?? '',
      });
      log(
        `${alert.labels.alertname} ${alert.state}: ${alert.annotations.description ?? ''} (value ${alert.value})`,
      );
    }
  } catch (err) {
    log(`could not read alerts: ${(err as Error).message}`);
  }
  if (Date.now() - lastLoad >= 60_000) {
    lastLoad = Date.now();
    loads.push(Math.round((loadavg()[0] ?? 0) * 100) / 100);
    const left = Math.ceil((end - Date.now()) / 60_000);
    if (left % 10 === 0) log(`${left} min left; 1-min load average ${loads.at(-1)}`);
  }
  await new Promise((resolve) => setTimeout(resolve, pollMs));
}
const finished = new Date();

const episodes = await alertHistory(
  prometheus,
  started,
  finished,
  localStackTimings.evaluationIntervalSeconds,
);
const simulator = platform.simulator?.totals();
await platform.stop();

const withWhy = episodes.map((e) => {
  const seen = (state: string) => firstSeen.get(`${identity(e.labels)}|${state}`);
  return { ...e, when_first_pending: seen('pending') ?? null, when_first_firing: seen('firing') ?? null };
});
const fired = withWhy.filter((e) => e.fired && e.alertname !== 'Watchdog');
const verdicts = judge([
  {
    name: 'alerts that fired, Watchdog aside',
    figure: fired.length,
    at_most: 0,
    cause: fired.length
      ? fired.map((e) => `${e.alertname} ${JSON.stringify(e.labels)}`).join('; ')
      : undefined,
  },
]);
printVerdicts(verdicts, log);
for (const e of withWhy.filter((x) => x.alertname !== 'Watchdog'))
  log(
    `${e.alertname} ${JSON.stringify(e.labels)}: pending ${e.pending_seconds} s, ${e.fired ? `FIRED ${e.firing_seconds} s` : 'never fired'}; ` +
      `${e.when_first_pending?.description ?? e.when_first_firing?.description ?? ''}`,
  );

await writeResults('quiet', {
  benchmark: 'quiet',
  environment: environment(),
  description:
    'The whole local stack as `npm start` runs it (embedded PostgreSQL 17, the simulator with no fault scenario, ' +
    'the production for: values, scrape and evaluation every 5 s), left alone once. Every alert that went pending or ' +
    'fired, from Prometheus ALERTS at the evaluation step; when_first_*: what Prometheus said about it when this run first saw it.',
  window: { started: started.toISOString(), finished: finished.toISOString(), minutes },
  timings: localStackTimings,
  load_average_1m_each_minute: { ...spread(loads), samples: loads.length },
  simulator_totals: simulator ?? null,
  missing_parts: platform.missing.map((m) => m.reason),
  goals: verdicts,
  watchdog_fired: withWhy.some((e) => e.alertname === 'Watchdog' && e.fired),
  alerts: withWhy,
});
exitForVerdicts(verdicts);
