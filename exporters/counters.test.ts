import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exporters } from '../lib/catalog/exporters.ts';
import { createPool, type Pool } from '../lib/db/pool.ts';
import { migrate } from '../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type RunningExporter, startExporter } from './server.ts';
import { ago, PortWriter } from './testing/port-writer.ts';
import { eventually, type Scrape, scrape } from './testing/scrape.ts';

const settleSeconds = 4;
let db: TestDatabase;
let pool: Pool;
let writer: PortWriter;
let callId: number;
let opId: number;
const running: RunningExporter[] = [];

// What the rows say, kept by the test as it inserts them.
let arrivals = 0;
let handled = 0;

const env = () => ({
  PORT: '0',
  HOST: '127.0.0.1',
  NODE_ENV: 'test',
  DATABASE_URL: db.url,
  EXPORTER_VESSEL_MOVEMENTS_INTERVAL_SECONDS: '1',
  EXPORTER_CARGO_THROUGHPUT_INTERVAL_SECONDS: '1',
  EXPORTER_COUNTER_SETTLE_SECONDS: String(settleSeconds),
});

async function start(): Promise<RunningExporter> {
  const exporter = await startExporter(env());
  running.push(exporter);
  await exporter.refreshAll();
  return exporter;
}

const arrivalsOf = (m: Scrape) => m.value(exporters.arrivals.name, { type: 'bulk' });
const handledOf = (m: Scrape) =>
  m.value(exporters.cargoThroughput.name, { category: 'dry_bulk', unit: 'tonnes' });

async function addArrival(client: Pool | import('pg').PoolClient = pool) {
  await client.query(`INSERT INTO port_call_events (port_call_id, type, at) VALUES ($1, 'arrived', now())`, [
    callId,
  ]);
}

beforeAll(async () => {
  db = await createTestDatabase('exporters_counters');
  pool = createPool({ connectionString: db.url, applicationName: 'exporters-test' });
  await migrate(pool, { dir: 'api/migrations', table: 'schema_migrations' });
  writer = new PortWriter(pool);
  const vessel = await writer.vessel('bulk');
  callId = (await writer.portCall({ vessel_id: vessel.id, status: 'at_anchorage', arrived_at: ago(60) })).id;
  opId = (
    await writer.cargo({
      port_call_id: callId,
      category: 'dry_bulk',
      unit: 'tonnes',
      quantity: 100000,
      quantity_done: 0,
      status: 'in_progress',
    })
  ).id;
  for (let i = 0; i < 5; i++) await addArrival();
  arrivals = 5;
  for (const delta of [0.1, 0.2, 12.35]) {
    await writer.progress({ cargo_operation_id: opId, quantity_delta: delta });
    handled += delta * 100;
  }
});

afterAll(async () => {
  for (const exporter of running) await exporter.stop();
  await pool?.end();
  await db?.drop();
});

describe('counters derived from the database', () => {
  it('count rows added while running, and stay monotonic across a restart', async () => {
    const first = await start();
    const before = await scrape(first.url);
    expect(arrivalsOf(before)).toBe(arrivals);
    expect(handledOf(before)).toBe(handled / 100);

    await addArrival();
    arrivals += 1;
    await writer.progress({ cargo_operation_id: opId, quantity_delta: 7.7 });
    handled += 770;
    await first.refreshAll();
    const during = await scrape(first.url);
    expect(arrivalsOf(during)).toBe(arrivals);
    expect(handledOf(during)).toBe(handled / 100);

    await first.stop();
    // Rows written while no exporter runs are counted by the next one: nothing lost, nothing reset.
    await addArrival();
    arrivals += 1;
    await writer.progress({ cargo_operation_id: opId, quantity_delta: 0.3 });
    handled += 30;

    const second = await start();
    const after = await scrape(second.url);
    expect(arrivalsOf(after)).toBe(arrivals);
    expect(handledOf(after)).toBe(handled / 100);
    expect(arrivalsOf(after)).toBeGreaterThanOrEqual(arrivalsOf(during));
    expect(handledOf(after)).toBeGreaterThanOrEqual(handledOf(during));
    await second.stop();
  });

  it('two replicas report the same totals', async () => {
    const [a, b] = [await start(), await start()];
    const [ma, mb] = [await scrape(a.url), await scrape(b.url)];
    expect(arrivalsOf(ma)).toBe(arrivals);
    expect(arrivalsOf(mb)).toBe(arrivalsOf(ma));
    expect(handledOf(mb)).toBe(handledOf(ma));
    await a.stop();
    await b.stop();
  });

  it('counts a row whose transaction took a lower id but committed after a higher one', async () => {
    const exporter = await start();
    // Let the start-up reads settle so the watermark sits at the current end of the table.
    await new Promise((resolve) => setTimeout(resolve, (settleSeconds + 1.5) * 1000));
    const base = arrivalsOf(await scrape(exporter.url));
    expect(base).toBe(arrivals);

    const late = await pool.connect();
    try {
      await late.query('BEGIN');
      await addArrival(late); // takes id n, not visible yet
      await addArrival(); // takes id n+1, committed now
      arrivals += 1;
      await eventually(async () => expect(arrivalsOf(await scrape(exporter.url))).toBe(arrivals), 5000);
      // Commit after at least one more refresh has read past id n+1, inside the settle window.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await late.query('COMMIT'); // id n becomes visible, below the highest id already read
      arrivals += 1;
    } finally {
      late.release();
    }
    await eventually(async () => expect(arrivalsOf(await scrape(exporter.url))).toBe(arrivals), 5000);
    // And it stays counted once the settle window has passed and the watermark moved past it.
    await new Promise((resolve) => setTimeout(resolve, (settleSeconds + 1.5) * 1000));
    expect(arrivalsOf(await scrape(exporter.url))).toBe(arrivals);
    await exporter.stop();
  });
});
