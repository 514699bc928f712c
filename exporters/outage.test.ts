import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exporters } from '../lib/catalog/exporters.ts';
import { createPool, type Pool } from '../lib/db/pool.ts';
import { migrate } from '../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type RunningExporter, startExporter } from './server.ts';
import { ago, PortWriter } from './testing/port-writer.ts';
import { eventually, scrape } from './testing/scrape.ts';
import { TcpProxy } from './testing/tcp-proxy.ts';
import { everyRefreshEvery } from './refresh-intervals.ts';

let db: TestDatabase;
let pool: Pool;
let proxy: TcpProxy;
let exporter: RunningExporter;
let writer: PortWriter;

const queue = exporters.anchorageQueueLength.name;
const errorsOf = async (collector: string) =>
  (await scrape(exporter.url)).value(exporters.refreshErrors.name, { collector });

beforeAll(async () => {
  db = await createTestDatabase('exporters_outage');
  pool = createPool({ connectionString: db.url, applicationName: 'exporters-test' });
  await migrate(pool, { dir: 'api/migrations', table: 'schema_migrations' });
  writer = new PortWriter(pool);
  for (let i = 0; i < 2; i++) {
    const vessel = await writer.vessel('tanker');
    await writer.portCall({ vessel_id: vessel.id, status: 'at_anchorage', arrived_at: ago(600) });
  }
  const url = new URL(db.url);
  proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
  await proxy.start();
  url.port = String(proxy.port);
  const everySecond = everyRefreshEvery('1');
  exporter = await startExporter({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url.toString(),
    ...everySecond,
  });
  await exporter.refreshAll();
});

afterAll(async () => {
  await exporter?.stop();
  await proxy?.stop();
  await pool?.end();
  await db?.drop();
});

describe('database outage', () => {
  it('keeps serving the last values, marks the database down, counts errors, and recovers alone', async () => {
    const before = await scrape(exporter.url);
    expect(before.value(queue)).toBe(2);
    expect(before.value(exporters.databaseUp.name)).toBe(1);
    const errorsBefore = await errorsOf('vessel-traffic');

    await proxy.cut();
    // The port changes while the exporter cannot see it.
    const vessel = await writer.vessel('tanker');
    await writer.portCall({ vessel_id: vessel.id, status: 'at_anchorage', arrived_at: ago(60) });

    const down = await eventually(async () => {
      const m = await scrape(exporter.url);
      expect(m.value(exporters.databaseUp.name)).toBe(0);
      expect(m.value(exporters.refreshErrors.name, { collector: 'vessel-traffic' })).toBeGreaterThan(
        errorsBefore,
      );
      return m;
    }, 15_000);
    expect(down.value(queue)).toBe(2);
    const started = performance.now();
    const ready = await fetch(`${exporter.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('database');
    expect(performance.now() - started).toBeLessThan(1000);
    const health = await fetch(`${exporter.url}/healthz`);
    expect(health.status).toBe(200);

    await proxy.restore();
    const back = await eventually(async () => {
      const m = await scrape(exporter.url);
      expect(m.value(exporters.databaseUp.name)).toBe(1);
      expect(m.value(queue)).toBe(3);
      return m;
    }, 15_000);
    expect(back.value(exporters.lastRefreshSuccess.name, { collector: 'vessel-traffic' })).toBeGreaterThan(
      down.value(exporters.lastRefreshSuccess.name, { collector: 'vessel-traffic' }),
    );
    expect((await fetch(`${exporter.url}/readyz`)).status).toBe(200);
  });
});
