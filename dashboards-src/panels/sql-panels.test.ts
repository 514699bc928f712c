import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { peakHoursSql } from './peak-hours.ts';
import { vesselPositionsSql } from './vessel-map.ts';

/**
 * The PostgreSQL panels' SQL, run on the real schema (api/migrations) with the privileges of
 * `porttrack_read`, the role Grafana's login belongs to, after expanding Grafana's macros.
 */
let db: TestDatabase;
let pool: pg.Pool;

const from = new Date('2026-11-20T00:00:00Z');
const to = new Date('2026-11-23T00:00:00Z');

/** Grafana's PostgreSQL macros, as the datasource expands them. */
const expandMacros = (sql: string) =>
  sql.replace(
    /\$__timeFilter\(([^)]+)\)/g,
    (_m, column: string) => `${column} BETWEEN '${from.toISOString()}' AND '${to.toISOString()}'`,
  );

/** Runs a query as porttrack_read, the way Grafana's read-only login sees the database. */
async function asReader<T extends pg.QueryResultRow>(sql: string): Promise<pg.QueryResult<T>> {
  const client = await pool.connect();
  try {
    await client.query('SET ROLE porttrack_read');
    return await client.query<T>(sql);
  } finally {
    await client.query('RESET ROLE');
    client.release();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('dashboards_sql');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await migrate(pool, { dir: resolve(repoRoot, 'api/migrations'), table: 'schema_migrations' });
  await pool.query(`
    INSERT INTO vessels (id, imo, mmsi, name, type, flag, gross_tonnage, length_m)
    VALUES (1, '9000001', '224000001', 'Ciudad de Valencia', 'container', 'ES', 50000, 300),
           (2, '9000002', '224000002', 'Tug One', 'tug', 'ES', 400, 30);
    INSERT INTO vessel_latest_positions (mmsi, vessel_id, ts, lat, lon, sog, heading)
    VALUES ('224000001', 1, now() - interval '2 minutes', 39.44, -0.31, 4.5, 120),
           ('224000002', 2, now() - interval '3 hours', 39.45, -0.30, 0, 0),
           ('224999999', NULL, now() - interval '1 minute', 39.43, -0.29, 11, 270);
    INSERT INTO port_calls (id, vessel_id, status, eta) VALUES (1, 1, 'departed', '2026-11-21T05:00:00Z');
    INSERT INTO port_call_events (port_call_id, type, at)
    VALUES (1, 'arrived', '2026-11-21T06:10:00Z'), (1, 'berthed', '2026-11-21T07:00:00Z'),
           (1, 'departed', '2026-11-21T18:45:00Z'), (1, 'departed', '2026-11-19T18:45:00Z');
  `);
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('PostgreSQL panels', () => {
  it('vessel map: latest positions of the last hour, named, with coordinates', async () => {
    const { rows } = await asReader<{
      vessel: string;
      vessel_type: string;
      latitude: number;
      longitude: number;
    }>(expandMacros(vesselPositionsSql));
    expect(rows.map((r) => [r.vessel, r.vessel_type, r.latitude, r.longitude])).toEqual([
      ['224999999', 'unknown', 39.43, -0.29],
      ['Ciudad de Valencia', 'container', 39.44, -0.31],
    ]);
  });

  it('peak-hours heatmap: one row per day, one column per hour, arrivals and departures only', async () => {
    const { rows, fields } = await asReader<Record<string, unknown>>(expandMacros(peakHoursSql));
    expect(fields.map((f) => f.name)).toEqual([
      'time',
      ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    ]);
    expect(rows).toHaveLength(1);
    const day = rows[0] as Record<string, unknown>;
    expect((day.time as Date).toISOString()).toBe('2026-11-21T00:00:00.000Z');
    const busy = Object.entries(day)
      .filter(([k, v]) => k !== 'time' && Number(v) > 0)
      .sort(([a], [b]) => a.localeCompare(b));
    expect(busy).toEqual([
      ['06', '1'],
      ['18', '1'],
    ]);
  });
});
