import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../lib/db/embedded.ts';
import { defaultRunbookBaseUrl } from '../../rules/build/annotations.ts';
import { startPostgresExporter } from './database-exporters.ts';
import { exporterBinary, type RunningExporterBinary } from './exporter-binaries.ts';
import { activeAlerts, instantQuery } from './prometheus-api.ts';
import { type RunningPrometheus, startPrometheus } from './prometheus.ts';
import { localRuleFiles } from './rules-and-routing.ts';
import { scrapeJobs } from './scrape-jobs.ts';
import { waitFor } from './wait.ts';

// The PostgreSQL-connections alert, live: a PostgreSQL of this test's own with max_connections
// 10 (the machine's shared server is never crowded), the real postgres-exporter on its
// pg_monitor login, Prometheus with the generated rule (only its `for:` shortened).
const maxConnections = 10;
const alert = 'PostgresTooManyConnections';
let dir: string;
let db: EmbeddedPostgres;
let exporter: RunningExporterBinary;
let prometheus: RunningPrometheus;
const held: pg.Client[] = [];

beforeAll(async () => {
  const binary = exporterBinary('postgres');
  if (!binary) throw new Error('prometheus-postgres-exporter is not installed: run scripts/ensure-tools.sh');
  dir = await mkdtemp(join(tmpdir(), 'porttrack-pg-drill-'));
  db = await startEmbeddedPostgres({ maxConnections }); // a temporary cluster, removed on stop
  exporter = await startPostgresExporter({ adminUrl: db.url, dir, port: 0, binary });
  prometheus = await startPrometheus({
    dir: join(dir, 'prom'),
    scrapeIntervalSeconds: 1,
    evaluationIntervalSeconds: 1,
    rules: localRuleFiles(defaultRunbookBaseUrl, { forOverrides: { [alert]: '3s' } }).filter(
      (f) => f.name === 'postgres.rules.yml',
    ),
    jobs: [{ job: scrapeJobs.find((j) => j.key === 'postgres')!, targets: [`127.0.0.1:${exporter.port}`] }],
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(held.map((c) => c.end().catch(() => undefined)));
  await prometheus?.stop();
  await exporter?.stop();
  await db?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const connectionsInUse = async () =>
  Number((await instantQuery(prometheus.url, 'sum(pg_stat_activity_count)'))[0]?.value[1] ?? NaN);
const alertState = async () =>
  (await activeAlerts(prometheus.url)).find((a) => a.labels.alertname === alert)?.state;

describe(`${alert} drilled on a PostgreSQL of its own`, () => {
  it('stays quiet with the exporter alone, fires past 80 % of max_connections, resolves when they close', async () => {
    const limit = await waitFor(
      async () => (await instantQuery(prometheus.url, 'pg_settings_max_connections'))[0]?.value[1],
      { what: 'postgres-exporter scraped', timeoutMs: 15_000 },
    );
    expect(Number(limit)).toBe(maxConnections);
    const baseline = await waitFor(
      async () => ((await connectionsInUse()) > 0 ? connectionsInUse() : undefined),
      {
        what: 'pg_stat_activity_count',
        timeoutMs: 10_000,
      },
    );
    expect(baseline / maxConnections).toBeLessThanOrEqual(0.8);
    await new Promise((r) => setTimeout(r, 5000)); // longer than for: + two evaluations
    expect(await alertState()).toBeUndefined();

    // Idle sessions up to 90 % of the limit (as the superuser, who may use the reserved slots).
    while (held.length + baseline < maxConnections * 0.9) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      held.push(client);
    }
    const firing = await waitFor(async () => ((await alertState()) === 'firing' ? true : undefined), {
      what: `${alert} firing`,
      timeoutMs: 20_000,
    });
    expect(firing).toBe(true);
    const [fired] = (await activeAlerts(prometheus.url)).filter((a) => a.labels.alertname === alert);
    expect(fired?.annotations.description).toMatch(/uses 9\d% of max_connections \(threshold 80%\)/);

    await Promise.all(held.splice(0).map((c) => c.end()));
    const resolved = await waitFor(async () => ((await alertState()) === undefined ? true : undefined), {
      what: `${alert} resolved`,
      timeoutMs: 20_000,
    });
    expect(resolved).toBe(true);
  }, 90_000);
});
