import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { migrationsDir } from '../server.ts';

const freshValues = '0006_change_counters_fresh_values.sql';

// A database that counted with 0005 (version + 1 per statement) gets fresh random values from
// 0006 on: its counters once, at the migration, and every statement that changes a vessel after.
describe(`migration ${freshValues} on a database migrated to 0005`, () => {
  let db: TestDatabase;
  let pool: Pool;
  let counted: number;
  let applied: string[];
  const version = async () =>
    (await pool.query<{ version: number }>("SELECT version FROM change_counters WHERE name = 'vessels'"))
      .rows[0]!.version;
  let serial = 9_100_000;
  const insertVessel = () =>
    pool.query(
      `INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m)
       VALUES ($1, $2, 'COUNTED', 'container', 'NL', 1000, 90)`,
      [String(++serial), String(serial * 100)],
    );

  beforeAll(async () => {
    db = await createTestDatabase('change_counters_migration');
    pool = createPool({ connectionString: db.url, applicationName: 'migration-test', max: 2 });
    const earlier = await mkdtemp(join(tmpdir(), 'porttrack-migrations-'));
    try {
      for (const file of await readdir(migrationsDir))
        if (file.endsWith('.sql') && file < freshValues)
          await copyFile(join(migrationsDir, file), join(earlier, file));
      await migrate(pool, { dir: earlier, table: 'schema_migrations' });
    } finally {
      await rm(earlier, { recursive: true, force: true });
    }
    for (let i = 0; i < 3; i++) await insertVessel();
    counted = await version();
    applied = await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('counted before, and gives the counter a fresh value once applied', async () => {
    expect(counted).toBe(3); // 0005: one per statement
    expect(applied).toEqual([freshValues]);
    const now = await version();
    expect(now).not.toBe(counted);
    expect(Number.isSafeInteger(now) && now >= 0 && now < 2 ** 52).toBe(true);
  });

  it('sets a fresh value of 52 bits at every change, through the triggers 0005 created', async () => {
    const seen = [await version()];
    for (let i = 0; i < 20; i++) {
      if (i % 2) await insertVessel();
      else await pool.query("UPDATE vessels SET name = 'CHANGED' WHERE id = (SELECT min(id) FROM vessels)");
      const next = await version();
      expect(next).not.toBe(seen.at(-1)! + 1);
      seen.push(next);
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const v of seen) expect(Number.isSafeInteger(v) && v >= 0 && v < 2 ** 52, String(v)).toBe(true);
    // Values spread over the 52 bits: 21 values all below 2^48 would happen once in 2^84.
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(2 ** 48);
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'vessels'::regclass AND tgname LIKE 'vessels_%'",
    );
    expect(rows[0]!.n).toBe(4);
  });

  it('gives a counter added later a fresh value, not 0', async () => {
    const { rows } = await pool.query<{ version: number }>(
      "INSERT INTO change_counters (name) VALUES ('added later') RETURNING version",
    );
    expect(rows[0]!.version).not.toBe(0);
    await pool.query("DELETE FROM change_counters WHERE name = 'added later'");
  });
});
