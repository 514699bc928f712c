import { jobs, panels, recording } from '../lib/monitoring/index.ts';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Histogram, Counter, Gauge, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, exporters } from '../lib/catalog/index.ts';
import { freePort } from '../lib/net/free-port.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { checkDashboardQueries, formatLiveReport, type LiveCheckReport } from './live-check.ts';

/**
 * The real Prometheus (1 s scrapes, its own port and data directory) scraping a tiny server
 * that serves a handful of catalog metrics as the API and the exporters would. Queries on
 * served metrics must return data; queries on metrics nobody serves must be reported empty.
 */
const prometheusBinary = process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';
const apiRulesFile = join(import.meta.dirname, '../stack/prometheus/rules/api.rules.yml');

let dir: string;
let metricsServer: Server;
let prometheus: ChildProcess | undefined;
let prometheusUrl: string;
let report: LiveCheckReport;

function servedRegistry(): Registry {
  const registry = new Registry();
  const requests = new Histogram({
    name: api.httpRequestDuration.name,
    help: api.httpRequestDuration.help,
    labelNames: [...api.httpRequestDuration.labelNames],
    buckets: [...(api.httpRequestDuration.buckets ?? [])],
    registers: [registry],
  });
  new Gauge({ name: api.httpRequestsInFlight.name, help: 'in flight', registers: [registry] }).set(2);
  const logins = new Counter({
    name: api.logins.name,
    help: 'logins',
    labelNames: ['result'],
    registers: [registry],
  });
  new Gauge({
    name: exporters.vesselsInPort.name,
    help: 'vessels',
    labelNames: ['status', 'type'],
    registers: [registry],
  }).set({ status: 'berthed', type: 'container' }, 3);
  // Traffic keeps coming, so rates are positive; logins only ever succeed (a healthy system).
  const timer = setInterval(() => {
    requests.observe({ method: 'GET', route: '/api/vessels', status_code: '200' }, 0.04);
    logins.inc({ result: 'success' });
  }, 50);
  timer.unref();
  return registry;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porttrack-live-check-'));
  const registry = servedRegistry();
  metricsServer = createServer((_req, res) => {
    void registry.metrics().then((body) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  const scrape = (job: string) =>
    `  - job_name: ${job}\n    static_configs:\n      - targets: ['${target}']\n`;
  // The API's generated rules: the latency panel reads their recording of the buckets' rate.
  await writeFile(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: ['${apiRulesFile}']\nscrape_configs:\n${scrape(jobs.api)}${scrape(jobs.exporters)}`,
  );
  prometheus = spawn(
    prometheusBinary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  prometheus.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<never>((_, reject) =>
    prometheus?.once('error', (err) => reject(new Error(`cannot start ${prometheusBinary}: ${err.message}`))),
  );
  // Enough 1 s scrapes of every job for rate() over 10 s windows (jobs start up to 1 s apart),
  // and the recording evaluated over them.
  const ready = waitFor(
    async () => {
      const enough = `min(count_over_time(up[10s])) >= 4 and on() count(count_over_time(${recording.apiLatencyBucketRate}[10s]) >= 4)`;
      const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(enough)}`;
      const body = (await fetch(url)
        .then((r) => r.json())
        .catch(() => undefined)) as { data?: { result?: unknown[] } } | undefined;
      return (body?.data?.result?.length ?? 0) > 0;
    },
    'Prometheus to hold four scrapes of each job',
    30_000,
    250,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; prometheus stderr: ${stderr}`);
  });
  await Promise.race([ready, exited]);
  report = await checkDashboardQueries(prometheusUrl, {
    interpolation: { rateInterval: '10s', interval: '10s', range: '1m' },
  });
}, 60_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exit = new Promise((resolve) => prometheus?.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (prometheus.exitCode === null) prometheus.kill('SIGKILL');
  }
  await new Promise((resolve) => metricsServer?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const find = (dashboard: string, panelId: number, refId = 'A') => {
  const result = report.results.find(
    (r) => r.dashboard === dashboard && r.panelId === panelId && r.refId === refId,
  );
  if (!result)
    throw new Error(`no result for ${dashboard}/${panelId}/${refId}:\n${formatLiveReport(report)}`);
  return result;
};

describe('live check against a real Prometheus', () => {
  it('finds data for panels whose metrics are served', () => {
    expect(find('porttrack-api', panels.api.requestRate).status).toBe('data');
    expect(find('porttrack-api', panels.api.latency, 'C').status).toBe('data');
    expect(find('porttrack-api', panels.api.inFlight).status).toBe('data');
    expect(find('porttrack-port-operations', panels.portOps.vesselsInPort).status).toBe('data');
    // Error ratio of a system without errors: 0, not "No data".
    expect(find('porttrack-api', panels.api.errorRate).status).toBe('data');
  });

  it('reports panels on metrics nobody serves as missing, naming dashboard and panel', () => {
    const cpu = find('porttrack-system', panels.system.cpu);
    expect(cpu.status).toBe('empty');
    expect(report.missing).toContain(cpu);
    expect(formatLiveReport(report)).toContain(
      'dashboard porttrack-system, panel 1 "CPU usage" target A: empty',
    );
  });

  it('reports panels that are empty on a healthy system apart, with their drill', () => {
    const failedLogins = find('porttrack-security', panels.security.failedLogins);
    expect(failedLogins.status).toBe('empty');
    expect(report.expectedEmpty).toContain(failedLogins);
    expect(failedLogins.emptyWhenHealthy?.drill).toMatch(/wrong password/);
    // Only the day-earlier targets of the unusual-traffic panel are excused; "now" has data.
    expect(find('porttrack-security', panels.security.unusualTraffic, 'A').status).toBe('data');
    expect(report.expectedEmpty).toContain(find('porttrack-security', panels.security.unusualTraffic, 'B'));
  });

  it('gets no errors from Prometheus 2.42 for any query', () => {
    expect(report.errors.map((r) => `${r.dashboard}/${r.panelId}/${r.refId}: ${r.error}`)).toEqual([]);
  });
});
