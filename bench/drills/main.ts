/**
 * `npm run bench -- drills`: the requirements' seven alerts (seed 004 §4.4: response time, error
 * rate, failed logins, PostgreSQL connections, CPU, memory, disk) drilled once, all at the same
 * time, on the e2e suite's platform (drills/alert-timing/) run at production pacing: 15 s scrapes
 * and evaluations, group_wait 30 s, every `for:` as written in rules/. Each drill's latency
 * (fault to the later of the Slack and email deliveries) is divided by its bound: scrape +
 * evaluation + the time the windowed condition needs to cross its threshold at this fault
 * (computed before the fault) + for + group_wait. Goal: every ratio at most 1.5.
 *
 * Faults: the API's own fault injection (every /api/v1 request waits 2.5 s, and the
 * `api-errors` scenario's share of them answers 500) under a steady load this bench sends;
 * failed logins for real; idle sessions on a PostgreSQL of the drill's own (max_connections 10);
 * CPU, memory and disk through a stand-in for node-exporter (node-stand-in.ts).
 * The longest, NodeHighCpu (4 min to cross 80% + for 10 min), sets the run at about 20 minutes.
 */
import { thresholds } from '../../lib/monitoring/index.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../api/simulator/api-client.ts';
import { scenarios } from '../../api/simulator/scenarios.ts';
import { startConnectionsDrill } from '../../drills/alert-timing/postgres-connections.ts';
import { activeInPrometheus, forOf } from '../../drills/alert-timing/alert-state.ts';
import { apiV1Share, ratioCrossingSeconds } from '../../drills/alert-timing/crossing.ts';
import { brokenDrill, type DrillResult, type DrillSpec, runDrill } from '../../drills/alert-timing/drill.ts';
import { type DrillPlatform, startDrillPlatform } from '../../drills/alert-timing/drill-platform.ts';
import { failedLoginBurst } from '../../drills/alert-timing/failed-logins.ts';
import { drillReport } from '../../drills/alert-timing/results.ts';
import { forSeconds, productionTiming } from '../../drills/alert-timing/timing.ts';
import { exitForVerdicts, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { formatTable } from '../lib/table.ts';
import { healthyHost, startNodeStandIn } from './node-stand-in.ts';

const log = (m: string) => console.log(`[bench:drills ${new Date().toISOString().slice(11, 19)}] ${m}`);
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
/** Every host metric the alerts read is a rate or a gauge over at most this window (rules/node.ts). */
const cpuWindow = '5m';
/** Requests per second the steady load sends to /api/v1 (open loop: it does not slow with the API). */
const loadPerSecond = 10;
const apiErrorShare = scenarios['api-errors'].effects.apiErrorRate ?? 0;
const slowMs = thresholds.api.latencyP95Seconds * 1000 + 500;

const dir = await mkdtemp(join(tmpdir(), 'porttrack-bench-drills-'));
const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
const cleanup = async () => {
  for (const step of cleanups.reverse()) await step().catch(() => undefined);
};
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(1)));

let sent = 0;
let results: DrillResult[] = [];
try {
  results = await drillAll();
} finally {
  await cleanup();
}

const drillsRun = results.map((r) => [
  r.alert,
  r.latency_seconds,
  r.bound_seconds,
  r.crossing_seconds,
  r.ratio,
]);
console.log(formatTable(['alert', 'latency s', 'bound s', 'crossing s', 'ratio'], drillsRun));
const verdicts = judge(
  results.map((r) => ({
    name: `${r.alert} latency / bound`,
    figure: r.problems.length ? Number.NaN : r.ratio,
    at_most: 1.5,
    ...(r.problems.length ? { cause: r.problems.join('; ') } : {}),
  })),
);
printVerdicts(verdicts);
await writeResults('drills', {
  ...environment(),
  load: {
    requests_per_second: loadPerSecond,
    sent,
    fault: { error_rate: apiErrorShare, latency_ms: slowMs },
  },
  ...drillReport(results, productionTiming),
  goals: verdicts,
});
exitForVerdicts(verdicts);

/** Starts every part (each registered for cleanup as it starts) and runs the drills. */
async function drillAll(): Promise<DrillResult[]> {
  const host = await startNodeStandIn(healthyHost);
  cleanups.push(() => host.stop());
  const pg = await startConnectionsDrill({ dir, maxConnections: 10 });
  cleanups.push(() => pg.stop());
  const e2e: DrillPlatform = await startDrillPlatform(log, {
    timing: productionTiming,
    // The stand-in is the only host Prometheus sees: the real machine's CPU, shared with other
    // work, must neither fire NodeHighCpu nor join its notification group.
    skipExporters: ['node'],
    extraTargets: { node: [host.target], postgres: [`127.0.0.1:${pg.exporter.port}`] },
  });
  cleanups.push(() => e2e.stop());
  const prometheusStarted = e2e.platform.prometheus!.startedAt;
  // The drills' traffic is the steady load below: the simulator's requests (and its odd failed
  // login) would make the API's traffic, and so the computed crossing times, drift.
  await e2e.platform.simulator?.stop();

  const client = new ApiClient({
    apiUrl: e2e.apiUrl,
    email: 'viewer@porttrack.local',
    password: e2e.demoPassword,
    // Logins (scrypt) take seconds on a loaded machine.
    timeoutMs: 60_000,
  });
  await client.login();
  const loadTimer = setInterval(() => {
    sent++;
    client.get('/vessels?limit=1').catch(() => undefined);
  }, 1000 / loadPerSecond);
  cleanups.push(async () => clearInterval(loadTimer));
  const loadStarted = Date.now();
  log(`steady load: ${loadPerSecond} requests/s to /api/v1/vessels`);

  let apiFault: Promise<void> | undefined;
  /** The API drills share one fault (set once): slow /api/v1 answers, a share of them 500s. */
  const injectApiFault = () =>
    (apiFault ??= fetch(`${e2e.apiUrl}/internal/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_rate: apiErrorShare, latency_ms: slowMs }),
    }).then((r) => {
      if (!r.ok) throw new Error(`PUT /internal/faults answered ${r.status}`);
    }));
  /** The load's share of the API's traffic over the 5-minute windows the API alerts read. */
  const apiShare = () => apiV1Share(e2e.prometheusUrl, thresholds.api.errorWindow);

  const specs: Array<{ spec: DrillSpec; startAt: number }> = [];
  // Every drill starts once its 5-minute windows hold steady history: the stand-in's CPU counter
  // since Prometheus started, the steady load since it started. rate() over a window longer than a
  // series' history extrapolates only half a scrape past it, so a younger series reads a rate far
  // too low (seen: the idle rate of a 3-minute-old counter read 82% busy, and the alert went pending
  // 40 s into a fault computed to need 233 s).
  const windowMs = forSeconds(cpuWindow) * 1000 + 2 * productionTiming.scrapeIntervalSeconds * 1000;
  const hostStart = prometheusStarted + windowMs;
  const apiStart = loadStarted + windowMs;
  specs.push(
    {
      startAt: hostStart,
      spec: {
        alert: 'NodeHighCpu',
        crossing: async () =>
          ratioCrossingSeconds(thresholds.node.cpuRatio, forSeconds(cpuWindow), 1, healthyHost.cpuBusy),
        inject: async () => host.set({ cpuBusy: 1 }),
      },
    },
    {
      startAt: hostStart,
      spec: { alert: 'NodeMemoryHigh', inject: async () => host.set({ memoryUsed: 0.95 }) },
    },
    {
      startAt: hostStart,
      spec: { alert: 'NodeDiskSpaceLow', inject: async () => host.set({ diskFree: 0.05 }) },
    },
    {
      startAt: hostStart,
      spec: { alert: 'PostgresTooManyConnections', inject: () => pg.fill(pg.maxConnections * 0.9) },
    },
    {
      startAt: apiStart,
      spec: {
        alert: 'ApiHighLatency',
        // p95 passes 2 s once more than 5% of the window's requests took longer (every /api/v1 one does).
        crossing: async () => ratioCrossingSeconds(1 - 0.95, forSeconds('5m'), await apiShare()),
        inject: injectApiFault,
      },
    },
    {
      startAt: apiStart,
      spec: {
        alert: 'ApiHighErrorRate',
        // Both windows must pass 5%: the 5-minute one is the later.
        crossing: async () =>
          ratioCrossingSeconds(
            thresholds.api.errorRatio,
            forSeconds(thresholds.api.errorWindow),
            apiErrorShare * (await apiShare()),
          ),
        inject: injectApiFault,
      },
    },
    {
      startAt: apiStart,
      spec: {
        alert: 'ApiFailedLoginsHigh',
        inject: () =>
          failedLoginBurst(e2e.apiUrl, e2e.prometheusUrl, {
            count: thresholds.api.failedLogins + 2,
            seriesTimeoutMs: 4 * productionTiming.scrapeIntervalSeconds * 1000,
          }),
      },
    },
  );

  /** Each wait (firing, routed, delivered) gets twice the alert's expected time, so a miss still gives a figure. */
  const timeoutFor = async (spec: DrillSpec) => {
    const expected = (await spec.crossing?.()) ?? 0;
    return (2 * (expected + (await forOf(e2e.prometheusUrl, spec.alert))) + 120) * 1000;
  };

  log(
    `host and PostgreSQL drills at ${new Date(hostStart).toISOString()}, API drills at ${new Date(apiStart).toISOString()}`,
  );
  return Promise.all(
    specs.map(async ({ spec, startAt }) => {
      await sleepUntil(startAt);
      // An alert already pending before its fault (this shared machine's own load can make the
      // API slow) has no latency to measure: said so instead of a figure.
      if (await activeInPrometheus(e2e.prometheusUrl, spec.alert)) {
        const problem = 'already pending or firing before its fault was injected (the machine itself)';
        log(`${spec.alert}: ${problem}`);
        return brokenDrill(spec.alert, problem);
      }
      try {
        const result = await runDrill(e2e, { ...spec, timeoutMs: await timeoutFor(spec) }, log);
        log(`${spec.alert}: ${result.latency_seconds} s against a bound of ${result.bound_seconds} s`);
        return result;
      } catch (err) {
        log(`${spec.alert}: broke off: ${(err as Error).message}`);
        return brokenDrill(spec.alert, (err as Error).message);
      }
    }),
  );
}
