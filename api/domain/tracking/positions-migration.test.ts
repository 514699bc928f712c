import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../../lib/db/pool.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../../lib/testing/database.ts';
import { migrationsDir } from '../../server.ts';

const partitioning = '0003_positions_by_day.sql';

// The history as a fingerprint: every column of every row, in id order.
const fingerprint = `SELECT count(*)::int AS n, max(id) AS max_id, md5(string_agg(concat_ws('|', id, vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status, received_at), ',' ORDER BY id)) AS digest FROM positions`;

describe(`migration ${partitioning} on a database that already has positions`, () => {
  let db: TestDatabase;
  let pool: Pool;
  let before: { n: number; max_id: number; digest: string };
  let applied: string[];

  beforeAll(async () => {
    db = await createTestDatabase('positions_migration');
    pool = createPool({ connectionString: db.url, applicationName: 'migration-test', max: 2 });
    // The schema as it was before this migration, then a history of 60 days with gaps.
    const earlier = await mkdtemp(join(tmpdir(), 'porttrack-migrations-'));
    try {
      for (const file of await readdir(migrationsDir))
        if (file.endsWith('.sql') && file < partitioning)
          await copyFile(join(migrationsDir, file), join(earlier, file));
      await migrate(pool, { dir: earlier, table: 'schema_migrations' });
    } finally {
      await rm(earlier, { recursive: true, force: true });
    }
    const vessel = await pool.query<{ id: number }>(
      `INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m) VALUES ('9074729', '244000050', 'HISTORY', 'container', 'NL', 1000, 90) RETURNING id`,
    );
    await pool.query(
      `INSERT INTO positions (vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status, received_at)
       SELECT CASE WHEN g % 3 = 0 THEN NULL ELSE $1::bigint END, '244000050', t, 51 + g / 10000.0, 4, g % 20, g % 360, g % 360, g % 16, t + interval '1 second'
       FROM generate_series(1, 3000) g, LATERAL (SELECT now() - g * interval '29 minutes' AS t) x
       WHERE g % 500 < 400`,
      [vessel.rows[0]!.id],
    );
    before = (await pool.query(fingerprint)).rows[0];
    applied = await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('keeps every row as it was', async () => {
    expect(applied).toContain(partitioning);
    expect(before.n).toBe(2400);
    expect((await pool.query(fingerprint)).rows[0]).toEqual(before);
  });

  it('partitions the table by day, each row in its own day, none left over', async () => {
    const { rows: kind } = await pool.query(`SELECT relkind FROM pg_class WHERE oid = 'positions'::regclass`);
    expect(kind).toEqual([{ relkind: 'p' }]);
    const { rows } = await pool.query<{ part: string; day: string; first: string; last: string }>(
      `SELECT tableoid::regclass::text AS part, to_char(min(ts) AT TIME ZONE 'UTC', 'YYYYMMDD') AS first,
              to_char(max(ts) AT TIME ZONE 'UTC', 'YYYYMMDD') AS last
       FROM positions GROUP BY 1`,
    );
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows)
      expect([row.part, row.part]).toEqual([`positions_${row.first}`, `positions_${row.last}`]);
  });

  it('carries on the ids, the indexes and the read-only role', async () => {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO positions (mmsi, ts, lat, lon) VALUES ('244000050', now(), 51, 4) RETURNING id`,
    );
    expect(rows[0]!.id).toBeGreaterThan(before.max_id);
    const { rows: indexes } = await pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'positions_' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD')`,
    );
    expect(indexes.map((i) => i.indexdef.replace(/^.* USING /, '')).sort()).toEqual([
      'btree (id, ts)',
      'btree (received_at)',
      'btree (vessel_id, ts)',
    ]);
    const { rows: grants } = await pool.query(
      `SELECT has_table_privilege('porttrack_read', 'positions', 'SELECT') AS ok`,
    );
    expect(grants).toEqual([{ ok: true }]);
    // The vessel reference is kept too.
    await expect(
      pool.query(
        `INSERT INTO positions (vessel_id, mmsi, ts, lat, lon) VALUES (999999, '244000050', now(), 51, 4)`,
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
