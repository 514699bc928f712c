// The whole chain on real parts (docs/e2e.md): targets and catalog, dashboards, logs, then the
// alert drills from fault to Slack and email and back. One platform for the whole file.
import { recording, thresholds } from '../../lib/monitoring/index.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDashboardQueries, formatLiveReport } from '../../dashboards-src/live-check.ts';
import type { Service } from '../../lib/catalog/define.ts';
import { activeTargets, groupsNotYetEvaluated, instantQuery } from '../../local-platform/prometheus-api.ts';
import { localJobs } from '../../scrape/jobs.ts';
import { waitFor } from '../../local-platform/wait.ts';
import { apiV1Share, ratioCrossingSeconds } from '../../drills/alert-timing/crossing.ts';
import { runDeadmanDrill } from '../../drills/alert-timing/deadman.ts';
import { failedLoginBurst } from '../../drills/alert-timing/failed-logins.ts';
import { brokenDrill, type DrillResult, type DrillSpec, runDrill } from '../../drills/alert-timing/drill.ts';
import { type DrillPlatform, startDrillPlatform } from '../../drills/alert-timing/drill-platform.ts';
import { vesselWaitingSinceHoursAgo } from './support/anchorage.ts';
import {
  absentOnE2e,
  queriesNeedingAbsentParts,
  stillEmptyDuringDrills,
  unexpectedlyEmpty,
} from '../../dashboards-src/live-coverage.ts';
import { catalogDrift } from './support/exposition.ts';
import { lintFindings } from './support/promtool.ts';
import { writeDrillResults } from '../../drills/alert-timing/results.ts';
import { forSeconds } from '../../drills/alert-timing/timing.ts';

const log = (line: string) =>
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const minutes = (n: number) => n * 60_000;

describe.sequential('end to end: the monitored platform on real parts', () => {
  let e2e: DrillPlatform;
  let monitoringSince = 0;
  const drills: DrillResult[] = [];

  beforeAll(async () => {
    e2e = await startDrillPlatform(log);
    monitoringSince = e2e.platform.prometheus!.startedAt;
  }, minutes(3));

  afterAll(async () => {
    if (drills.length) await writeDrillResults(drills);
    await e2e?.stop();
  }, minutes(1));

  const serviceUrls = () => {
    const s = e2e.platform.services;
    return {
      api: s.api!.url,
      exporters: s.exporters!.url,
      notifier: s.notifier!.url,
      synthetics: s.synthetics!.url,
    };
  };

  it('scrapes every local job, all targets up', async () => {
    // node-, postgres- and redis-exporter included: scripts/ensure-tools.sh installs them.
    expect(e2e.platform.missing).toEqual([]);
    const expected = localJobs()
      .map((j) => j.job)
      .sort();
    const targets = await waitFor(
      async () => {
        const all = await activeTargets(e2e.prometheusUrl);
        return all.length === expected.length && all.every((t) => t.health === 'up') ? all : undefined;
      },
      { what: 'every target up', timeoutMs: 30_000 },
    );
    expect(targets.map((t) => t.labels.job).sort()).toEqual(expected);
  }, 40_000);

  it("probes the API through the blackbox exporter with the stack's modules, as the stack probes its public URL", async () => {
    const probes = await waitFor(
      async () => {
        const samples = await instantQuery(e2e.prometheusUrl, 'probe_success{job="blackbox"}');
        return samples.length > 0 && samples.every((s) => s.value[1] === '1') ? samples : undefined;
      },
      { what: 'probe_success 1 from the blackbox job', timeoutMs: 30_000 },
    );
    expect(probes.map((s) => s.metric.instance)).toEqual([`${e2e.apiUrl}/healthz`]);
  }, 40_000);

  it('serves /metrics that promtool check metrics finds clean, on every service', async () => {
    for (const [service, url] of Object.entries(serviceUrls())) {
      const text = await (await fetch(`${url}/metrics`)).text();
      expect({ service, findings: await lintFindings(text) }).toEqual({ service, findings: [] });
    }
  }, 30_000);

  it('exports exactly what the metric catalog declares, both ways', async () => {
    for (const [service, url] of Object.entries(serviceUrls())) {
      const text = await (await fetch(`${url}/metrics`)).text();
      expect({ service, ...catalogDrift(service as Service, text) }).toEqual({
        service,
        missing: [],
        undeclared: [],
      });
    }
  }, 30_000);

  it('logs every request as JSON with a trace_id and keeps the trace id of a traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${e2e.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ email: 'viewer@porttrack.local', password: e2e.demoPassword }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const logFile = join(e2e.platform.logsDir, 'api.log');
    const ours = await waitFor(
      async () => {
        const lines = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
        const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        const requests = parsed.filter((l) => l.msg === 'request');
        for (const r of requests) expect(r.trace_id).toMatch(/^[0-9a-f]{32}$/);
        return requests.find((r) => r.trace_id === traceId);
      },
      { what: 'the request log line', timeoutMs: 5000 },
    );
    expect(ours).toMatchObject({ route: '/api/v1/auth/login', status: 200, service: 'api' });
  }, 15_000);

  it('runs the synthetic journeys green against the real API', async () => {
    const results = await waitFor(
      async () => {
        const samples = await instantQuery(e2e.prometheusUrl, 'porttrack_probe_success');
        return samples.length === 2 && samples.every((s) => s.value[1] === '1') ? samples : undefined;
      },
      { what: 'both journeys passing in Prometheus', timeoutMs: 30_000 },
    );
    expect(results.map((s) => s.metric.journey).sort()).toEqual(['ingest-position', 'login-list-vessels']);
  }, 40_000);

  const liveCheck = (time?: Date) =>
    checkDashboardQueries(e2e.prometheusUrl, {
      interpolation: { rateInterval: '1m', interval: '15s', range: '10m' },
      ...(time ? { time } : {}),
    });

  it(
    'returns data for every dashboard query once the simulator has run',
    async () => {
      // Wait until the simulator has moved ships for a while and Prometheus has a minute of history.
      await new Promise((r) => setTimeout(r, Math.max(0, monitoringSince + 60_000 - Date.now())));
      // ... and until every recording group has run once (a group is first evaluated up to one of
      // its intervals, 15 s for every group today, after Prometheus starts).
      await waitFor(async () => (await groupsNotYetEvaluated(e2e.prometheusUrl)).length === 0 || undefined, {
        what: 'every recording rule group evaluated once',
        timeoutMs: minutes(2),
      });
      // ... and until every SLO's long windows exist: they read the 5-minute tiles on an
      // epoch-aligned 5-minute grid, so from the first grid step after the tiles' first evaluation
      // in that SLO's group (rules/slo.ts), up to 5 minutes after Prometheus starts.
      const withoutLongWindow = `${recording.objective} unless on (slo) ${recording.sliErrorRatio('30d')}`;
      await waitFor(
        async () =>
          ((await instantQuery(e2e.prometheusUrl, recording.objective)).length > 0 &&
            (await instantQuery(e2e.prometheusUrl, withoutLongWindow)).length === 0) ||
          undefined,
        { what: "every SLO's 30-day window recorded", timeoutMs: minutes(6) },
      );
      const report = await liveCheck();
      log(formatLiveReport(report));
      expect(report.errors.map((r) => `${r.dashboard}/${r.panelId}: ${r.error}`)).toEqual([]);
      expect(unexpectedlyEmpty(report, absentOnE2e)).toEqual([]);
      // What cannot have data here, by name: cAdvisor's, Loki's and Grafana's queries (and nothing else).
      const absentHere = queriesNeedingAbsentParts();
      log(`dashboard queries that cannot have data here (${absentHere.length}):\n${absentHere.join('\n')}`);
      expect(absentHere, absentHere.join('\n')).toHaveLength(10);
      expect(report.withData.length).toBeGreaterThan(0);
    },
    minutes(10),
  );

  /** Runs a drill to its end; a drill that breaks off becomes a result with its problem, so the others finish. */
  const settled = async (alert: string, run: () => Promise<DrillResult>): Promise<DrillResult> => {
    const result = await run().catch((err: Error) => brokenDrill(alert, err.message));
    drills.push(result);
    log(`${alert}: ${JSON.stringify(result)}`);
    return result;
  };
  const drill = (spec: DrillSpec) => settled(spec.alert, () => runDrill(e2e, spec, log));
  const expectDelivered = (r: DrillResult, resolves = true) => {
    const { alert } = r;
    expect({ alert, problems: r.problems }).toEqual({ alert, problems: [] });
    expect({ alert, slack: r.slack, email: r.email }).toEqual({ alert, slack: true, email: true });
    if (resolves)
      expect({ alert, resolved: r.resolved }).toEqual({ alert, resolved: { slack: true, email: true } });
  };

  it(
    'drill: API down (process killed) pages on-call, then resolves',
    async () => {
      const result = await drill({
        alert: 'ApiDown',
        inject: () => e2e.platform.services.api!.kill(),
        remove: async () => void (await e2e.platform.restart('api')),
      });
      expectDelivered(result);
    },
    minutes(4),
  );

  it(
    'drills in parallel: error rate, failed-login burst, anchorage wait, exporter database lost, Watchdog to dead-man',
    async () => {
      const put = (body: object) =>
        fetch(`${e2e.apiUrl}/internal/faults`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => expect(r.status).toBe(200));
      const sim = e2e.platform.simulator!;
      // Windowed alerts (5 minutes of rate or increase) resolve only once the fault leaves the window.
      const windowed = { resolveTimeoutMs: minutes(7) };
      // The error-rate fault fails every /api/v1 request, logins included: it starts once the
      // login burst and the anchorage set-up have gone through.
      let apiWorkDone: () => void = () => undefined;
      const apiWork = new Promise<void>((resolve) => (apiWorkDone = resolve));
      let pending = 2;
      const oneDone = () => --pending === 0 && apiWorkDone();
      const anchorage = drill({
        alert: 'AnchorageWaitTooLong',
        inject: async () => {
          sim.holdAtAnchorage(1);
          await vesselWaitingSinceHoursAgo(e2e.apiUrl, e2e.demoPassword).finally(oneDone);
        },
        remove: async () => sim.holdAtAnchorage(0),
        // Released, the vessel leaves the anchorage only when the simulator berths it: one berthing
        // a tick at most, and none while the berths are at their occupancy cap until a vessel
        // departs. Seen: 19 s alone, 94 s in a full `.ci/run` (past the default 90 s).
        resolveTimeoutMs: minutes(5),
      });
      const results = await Promise.all([
        drill({
          alert: 'ApiFailedLoginsHigh',
          // Twelve: increase() over the window must pass 10 without the first, uncounted, sample.
          inject: () =>
            failedLoginBurst(e2e.apiUrl, e2e.prometheusUrl, { count: 12, seriesTimeoutMs: 10_000 }).finally(
              oneDone,
            ),
          remove: async () => undefined,
          ...windowed,
        }),
        anchorage,
        apiWork.then(() =>
          drill({
            alert: 'ApiHighErrorRate',
            // Both windows (5m and 1m) must pass 5%: the 5-minute one is the later.
            crossing: async () =>
              ratioCrossingSeconds(
                thresholds.api.errorRatio,
                forSeconds(thresholds.api.errorWindow),
                await apiV1Share(e2e.prometheusUrl),
              ),
            inject: () => put({ error_rate: 1 }),
            remove: () => put({ error_rate: 0 }),
            removeWhenFiring: true,
            ...windowed,
          }),
        ),
        settled('Watchdog', () => runDeadmanDrill(e2e, log)),
        // Last: losing its database must not take the exporter, and the anchorage figures, down.
        anchorage.then(() =>
          drill({
            alert: 'ExporterDatabaseDown',
            inject: () => e2e.exporterDbProxy.cut(),
            remove: () => e2e.exporterDbProxy.restore(),
            abortIf: () => {
              const exporter = e2e.platform.services.exporters!.process;
              return exporter.alive
                ? undefined
                : `the exporter process died while its database was unreachable:\n${exporter.tail(12)}`;
            },
          }),
        ),
      ]);
      for (const r of results) expectDelivered(r, r.alert !== 'Watchdog');
      expect(results.find((r) => r.alert === 'Watchdog')?.receiver).toBe('deadman');
      // Panels that stay empty on a healthy system, at a moment these faults were all on.
      const overlapping = new Set(['ApiFailedLoginsHigh', 'AnchorageWaitTooLong', 'ApiHighErrorRate']);
      const allFiring = new Date(
        Math.max(...results.filter((r) => overlapping.has(r.alert)).map((r) => r.firedAt)),
      );
      const report = await liveCheck(allFiring);
      log(`dashboards at ${allFiring.toISOString()}, every fault on:\n${formatLiveReport(report)}`);
      expect(stillEmptyDuringDrills(report, absentOnE2e)).toEqual([]);
    },
    minutes(9),
  );
});
