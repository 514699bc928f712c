import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../../api/server.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { createPool } from '../../../lib/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../../lib/testing/database.ts';
import { incidents, type Incident, type IncidentKind } from '../incidents.ts';
import { buildHistoryDatabase, type HistoryDatabaseManifest } from './load.ts';
import { stallMs } from './plan.ts';

const hour = 3600;
const end = 1_800_000_000; // an hour boundary
// The incidents with a database side, moved into one day.
const moved: Partial<Record<IncidentKind, number>> = {
  'ais-silence': 2 * hour,
  'stalled-cargo': 8 * hour,
  'understaffed-shift': 13 * hour,
};
const dayOfIncidents: Incident[] = incidents.flatMap((i) => {
  const at = moved[i.kind];
  return at === undefined ? [] : [{ ...i, startOffsetS: at }];
});

describe('a one-day PostgreSQL history of 80 vessels', () => {
  let db: TestDatabase;
  let fresh: TestDatabase;
  let client: pg.Client;
  let built: HistoryDatabaseManifest & { reused: boolean };
  const placed = (kind: IncidentKind) => {
    const i = built.incidents.find((x) => x.kind === kind);
    if (!i) throw new Error(`${kind} not placed`);
    return i;
  };
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await client.query<T>(sql, params)).rows[0] as T;

  beforeAll(async () => {
    db = await createTestDatabase('history');
    fresh = await createTestDatabase('history_schema');
    built = await buildHistoryDatabase({ url: db.url, days: 1, end, vessels: 80, incidents: dayOfIncidents });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  }, 240_000);
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    await fresh?.drop();
  });

  it('has the migrations schema, with the keys and indexes the bulk load dropped put back as they were', async () => {
    const pool = createPool({ connectionString: fresh.url, applicationName: 'history-test' });
    await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
    await pool.end();
    const shape = async (url: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const { rows } = await c.query<{ d: string }>(
          `SELECT conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
            WHERE conrelid = 'positions'::regclass
           UNION ALL
           SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'positions'::regclass
           UNION ALL
           SELECT version FROM schema_migrations ORDER BY 1`,
        );
        return rows.map((r) => r.d);
      } finally {
        await c.end();
      }
    };
    expect(await shape(db.url)).toEqual(await shape(fresh.url));
    expect(built.rows.vessels).toBe(80);
    for (const table of [
      'port_calls',
      'cargo_operations',
      'cargo_progress',
      'shifts',
      'assignments',
      'positions',
    ])
      expect(built.rows[table], table).toBeGreaterThan(0);
  });

  it('reports every vessel near the port at the model rate, and nothing while the AIS feed is silent', async () => {
    const silence = placed('ais-silence');
    const { inside } = await one<{ inside: string }>(
      'SELECT count(*) AS inside FROM positions WHERE ts >= $1 AND ts < $2',
      [iso(silence.start), iso(silence.end)],
    );
    expect(Number(inside)).toBe(0);
    // The feed is busy right up to the silence and right after it.
    const edges = await one<{ before: number; after: number }>(
      `SELECT extract(epoch FROM $1::timestamptz - (SELECT max(ts) FROM positions WHERE ts < $1))::float8 AS before,
              extract(epoch FROM (SELECT min(ts) FROM positions WHERE ts >= $2) - $2::timestamptz)::float8 AS after`,
      [iso(silence.start), iso(silence.end)],
    );
    expect(edges.before).toBeLessThan(10);
    expect(edges.after).toBeLessThan(10);
    // A vessel moored is moored at its berth, during a call that berthed it there.
    const { stray } = await one<{ stray: string }>(
      `SELECT count(*) AS stray FROM positions p
        WHERE p.nav_status = 5 AND NOT EXISTS (
          SELECT 1 FROM port_calls pc JOIN berths b ON b.id = pc.berth_id
           WHERE pc.vessel_id = p.vessel_id AND pc.berthed_at <= p.ts
             AND (pc.departed_at IS NULL OR p.ts < pc.departed_at))`,
    );
    expect(Number(stray)).toBe(0);
    const { per_vessel_s } = await one<{ per_vessel_s: number }>(
      `SELECT (extract(epoch FROM max(ts) - min(ts)) / (count(*) - 1))::float8 AS per_vessel_s
         FROM positions GROUP BY vessel_id ORDER BY count(*) DESC LIMIT 1`,
    );
    expect(per_vessel_s).toBeCloseTo(10 / 1.2, 0);
    const latest = await one<{ wrong: string }>(
      `SELECT count(*) AS wrong FROM vessel_latest_positions lp
        WHERE lp.ts <> (SELECT max(ts) FROM positions p WHERE p.vessel_id = lp.vessel_id)`,
    );
    expect(Number(latest.wrong)).toBe(0);
  });

  it('holds one cargo operation stalled (by the exporters rule) through the incident and none outside it', async () => {
    const stall = placed('stalled-cargo');
    // Operations under way at t whose last progress (or start) is older than the stall threshold.
    const stalledAt = async (t: number) =>
      Number(
        (
          await one<{ n: string }>(
            `SELECT count(*) AS n FROM cargo_operations co
              WHERE co.started_at <= $1 AND (co.completed_at IS NULL OR co.completed_at > $1)
                AND coalesce((SELECT max(at) FROM cargo_progress p WHERE p.cargo_operation_id = co.id AND p.at <= $1),
                             co.started_at) < $1::timestamptz - make_interval(secs => $2)`,
            [iso(t), stallMs / 1000],
          )
        ).n,
      );
    for (const t of [stall.start + 60, stall.start + hour, stall.end - 60])
      expect(await stalledAt(t), iso(t)).toBe(1);
    for (const t of [stall.start - hour, stall.end + 60, stall.end + hour, end - 60])
      expect(await stalledAt(t), iso(t)).toBe(0);
    const books = await one<{ off: string; unfinished: string }>(
      `SELECT count(*) FILTER (WHERE co.quantity_done <> coalesce(d.done, 0)) AS off,
              count(*) FILTER (WHERE co.status = 'completed' AND co.quantity_done <> co.quantity) AS unfinished
         FROM cargo_operations co
         LEFT JOIN (SELECT cargo_operation_id, sum(quantity_delta) AS done FROM cargo_progress GROUP BY 1) d
           ON d.cargo_operation_id = co.id`,
    );
    expect(Number(books.off)).toBe(0);
    expect(Number(books.unfinished)).toBe(0);
  });

  it('rosters a pilot short on the shifts the understaffed incident covers, and every other shift in full', async () => {
    const short = placed('understaffed-shift');
    const { rows } = await client.query<{
      starts: Date;
      ends: Date;
      role: string;
      rostered: number;
      required: number;
    }>(
      `SELECT sh.starts_at AS starts, sh.ends_at AS ends, r.role, r.required,
              (SELECT count(*) FROM shift_staff ss JOIN staff s ON s.id = ss.staff_id
                WHERE ss.shift_id = sh.id AND s.role = r.role)::int AS rostered
         FROM shifts sh JOIN shift_requirements r ON r.shift_id = sh.id`,
    );
    const covers = (r: (typeof rows)[number]) =>
      r.starts.getTime() / 1000 < short.end && short.start < r.ends.getTime() / 1000;
    const shortRows = rows.filter((r) => r.rostered < r.required);
    expect(shortRows.length).toBeGreaterThan(0);
    expect(shortRows.every((r) => r.role === 'pilot' && r.required - r.rostered === 1 && covers(r))).toBe(
      true,
    );
    expect(
      rows.filter((r) => covers(r) && r.role === 'pilot').every((r) => r.rostered === r.required - 1),
    ).toBe(true);
  });

  it('keeps port calls apart: one vessel per berth at a time, one open call per vessel, timestamps in order', async () => {
    const clash = await one<{ n: string }>(
      `SELECT count(*) AS n FROM port_calls a JOIN port_calls b
          ON a.berth_id = b.berth_id AND a.id < b.id
         AND a.berthed_at < coalesce(b.departed_at, 'infinity') AND b.berthed_at < coalesce(a.departed_at, 'infinity')`,
    );
    expect(Number(clash.n)).toBe(0);
    const disorder = await one<{ n: string }>(
      `SELECT count(*) AS n FROM port_calls
        WHERE NOT (arrived_at IS NULL OR berthed_at IS NULL OR arrived_at < berthed_at)
           OR NOT (berthed_at IS NULL OR departed_at IS NULL OR berthed_at < departed_at)
           OR (status = 'departed') <> (departed_at IS NOT NULL)
           OR arrived_at > $1 OR berthed_at > $1 OR departed_at > $1`,
      [iso(end)],
    );
    expect(Number(disorder.n)).toBe(0);
  });

  it('is kept when current', async () => {
    const again = await buildHistoryDatabase({
      url: db.url,
      days: 1,
      end,
      vessels: 80,
      incidents: dayOfIncidents,
    });
    expect(again.reused).toBe(true);
    expect(again.rows).toEqual(built.rows);
  });
});
