import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { seedDemoPort, type SeedSummary } from './demo-port.ts';
import { isValidImo } from './identifiers.ts';

const now = new Date('2026-11-23T15:40:00Z');
let db: TestDatabase;
let pool: Pool;
let summary: SeedSummary;

beforeAll(async () => {
  db = await createTestDatabase('seed');
  pool = createPool({ connectionString: db.url, applicationName: 'seed-test', max: 2 });
  await migrate(pool, { dir: resolve(import.meta.dirname, '../migrations'), table: 'schema_migrations' });
  summary = await seedDemoPort(pool, { now });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const rows = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await pool.query<T>(sql, params)).rows;
const count = async (sql: string, params: unknown[] = []) =>
  Number((await rows<{ n: number }>(sql, params))[0]?.n);

describe('seedDemoPort', () => {
  it('writes a port of realistic size, and the summary matches the tables', async () => {
    expect(summary.seeded).toBe(true);
    expect(await count('SELECT count(*) n FROM vessels')).toBe(summary.vessels);
    expect(summary.vessels).toBeGreaterThanOrEqual(150);
    expect(await count('SELECT count(*) n FROM berths')).toBeGreaterThanOrEqual(10);
    expect(
      await count(`SELECT count(*) n FROM routes WHERE waypoints->>'type' = 'LineString'`),
    ).toBeGreaterThanOrEqual(4);
    expect(await count(`SELECT count(*) n FROM routes WHERE status = 'closed'`)).toBeGreaterThanOrEqual(1);
    const staff = await count('SELECT count(*) n FROM staff');
    expect(staff).toBeGreaterThanOrEqual(75);
    expect(await count('SELECT count(DISTINCT role) n FROM staff')).toBe(7);
    expect(await count('SELECT count(*) n FROM port_call_events')).toBe(summary.portCallEvents);
    expect(await count('SELECT count(*) n FROM positions')).toBe(summary.positions);
  });

  it('gives every vessel a valid IMO number and a 9-digit MMSI', async () => {
    const vessels = await rows<{ imo: string; mmsi: string }>('SELECT imo, mmsi FROM vessels');
    expect(vessels.filter((v) => !isValidImo(v.imo))).toEqual([]);
    expect(vessels.filter((v) => !/^\d{9}$/.test(v.mmsi))).toEqual([]);
  });

  it('has port calls and cargo operations in every status', async () => {
    const callStatuses = (await rows<{ status: string }>('SELECT DISTINCT status FROM port_calls')).map(
      (r) => r.status,
    );
    expect(callStatuses.sort()).toEqual(['at_anchorage', 'berthed', 'cancelled', 'departed', 'expected']);
    const cargoStatuses = (
      await rows<{ status: string }>('SELECT DISTINCT status FROM cargo_operations')
    ).map((r) => r.status);
    expect(cargoStatuses.sort()).toEqual(['cancelled', 'completed', 'in_progress', 'planned', 'stalled']);
    expect(
      await count(`SELECT count(*) n FROM port_calls WHERE status = 'expected' AND eta <= $1`, [now]),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) n FROM port_calls WHERE status = 'departed' AND departed_at < $1::timestamptz - interval '4 days'`,
        [now],
      ),
    ).toBe(0);
  });

  it('berths fit their vessels, one vessel per berth, and leaves berths free', async () => {
    const tooLong = await count(
      `SELECT count(*) n FROM port_calls c JOIN vessels v ON v.id = c.vessel_id JOIN berths b ON b.id = c.berth_id
       WHERE v.length_m > b.max_length_m`,
    );
    expect(tooLong).toBe(0);
    const berthed = await count(`SELECT count(*) n FROM port_calls WHERE status = 'berthed'`);
    expect(await count(`SELECT count(DISTINCT berth_id) n FROM port_calls WHERE status = 'berthed'`)).toBe(
      berthed,
    );
    expect(berthed).toBeLessThan(await count('SELECT count(*) n FROM berths'));
    // Past visits of one berth never overlap.
    const overlaps = await count(
      `SELECT count(*) n FROM port_calls a JOIN port_calls b ON a.berth_id = b.berth_id AND a.id < b.id
       WHERE tstzrange(a.berthed_at, coalesce(a.departed_at, 'infinity')) && tstzrange(b.berthed_at, coalesce(b.departed_at, 'infinity'))`,
    );
    expect(overlaps).toBe(0);
  });

  it('records events that replay to each call status and timestamps', async () => {
    const calls = await rows<{ status: string; events: string[] | null; ok: boolean }>(
      `SELECT c.status, array_agg(e.type ORDER BY e.at) FILTER (WHERE e.id IS NOT NULL) AS events,
              bool_and(e.id IS NULL OR e.at = CASE e.type WHEN 'arrived' THEN c.arrived_at WHEN 'berthed' THEN c.berthed_at
                       WHEN 'departed' THEN c.departed_at ELSE c.cancelled_at END) AS ok
       FROM port_calls c LEFT JOIN port_call_events e ON e.port_call_id = c.id GROUP BY c.id, c.status`,
    );
    const expected: Record<string, string[][]> = {
      expected: [[]],
      at_anchorage: [['arrived']],
      berthed: [['arrived', 'berthed']],
      departed: [['arrived', 'berthed', 'departed']],
      cancelled: [['cancelled'], ['arrived', 'cancelled']],
    };
    for (const call of calls) {
      expect(expected[call.status]).toContainEqual(call.events ?? []);
      expect(call.ok).toBe(true);
    }
  });

  it('keeps cargo quantities equal to the sum of their progress rows', async () => {
    const mismatched = await count(
      `SELECT count(*) n FROM cargo_operations o
       LEFT JOIN (SELECT cargo_operation_id, sum(quantity_delta) s FROM cargo_progress GROUP BY 1) p ON p.cargo_operation_id = o.id
       WHERE o.quantity_done <> coalesce(p.s, 0) OR (o.status = 'completed' AND o.quantity_done <> o.quantity)`,
    );
    expect(mismatched).toBe(0);
  });

  it('never gives one person overlapping assignments, and leaves the current shift understaffed', async () => {
    expect(await count('SELECT count(*) n FROM assignments')).toBeGreaterThan(50);
    const overlaps = await count(
      `SELECT count(*) n FROM assignments a JOIN assignments b ON a.staff_id = b.staff_id AND a.id < b.id
       WHERE a.starts_at < b.ends_at AND b.starts_at < a.ends_at`,
    );
    expect(overlaps).toBe(0);
    const short = await count(
      `SELECT count(*) n FROM shifts s JOIN shift_requirements r ON r.shift_id = s.id
       WHERE s.starts_at <= $1 AND $1 < s.ends_at
         AND r.required > (SELECT count(*) FROM shift_staff ss JOIN staff p ON p.id = ss.staff_id
                           WHERE ss.shift_id = s.id AND p.role = r.role)`,
      [now],
    );
    expect(short).toBeGreaterThanOrEqual(1);
    expect(await count('SELECT count(*) n FROM shifts WHERE starts_at > $1', [now])).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('places the latest positions of vessels in port, consistent with the history', async () => {
    const inPort = await count(
      `SELECT count(*) n FROM port_calls WHERE status IN ('berthed', 'at_anchorage')`,
    );
    const latest = await count(
      `SELECT count(*) n FROM vessel_latest_positions l JOIN positions p ON p.mmsi = l.mmsi AND p.ts = l.ts
       WHERE l.lat BETWEEN 39.2 AND 39.7 AND l.lon BETWEEN -0.4 AND 0`,
    );
    expect(latest).toBe(summary.latestPositions);
    expect(latest).toBeGreaterThanOrEqual(inPort);
  });

  it('does nothing the second time', async () => {
    const again = await seedDemoPort(pool, { now });
    expect(again.seeded).toBe(false);
    expect(await count('SELECT count(*) n FROM vessels')).toBe(summary.vessels);
    expect(await count('SELECT count(*) n FROM port_calls')).toBe(summary.portCalls);
  });
});
