// restore.sh --clean over the live database, as runbooks/BACKUP_RECOVERY.md tells after losing
// data: a database with the API's and the notifier's real migrations (positions partitioned by
// day, rows in several partitions), a set taken with backup.sh, then rows changed and lost, a
// partition dropped, a grant revoked and objects the set never held added. The restore brings
// back exactly the set (every table's rows, sequences, structure and privileges); a restore that
// fails midway (its dump cut short, checksums recomputed, so the check before it passes) leaves
// the database exactly as it was; writes fenced off (default_transaction_read_only), it still
// restores.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir as apiMigrations } from '../../api/server.ts';
import { seedDemoPort } from '../../api/seed/demo-port.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { repoRoot } from '../../lib/generated.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { migrationsDir as notifierMigrations, migrationsTable } from '../../notifier/outbox/store.ts';
import { fingerprint } from './database-fingerprint.ts';

const run = promisify(execFile);
const script = (name: string) => join(repoRoot, 'stack/scripts', name);
const log = (line: string) => process.stdout.write(`[restore-clean] ${line}\n`);
const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: '5432', PGUSER: 'postgres' };

describe('restore.sh --clean over a live database', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dir: string;
  let setDir: string;
  let atBackup: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'restore-clean-'));
    db = await createTestDatabase('restore_clean');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await migrate(pool, { dir: apiMigrations, table: 'schema_migrations' });
    await migrate(pool, { dir: notifierMigrations, table: migrationsTable });
    // As the stack's init script (stack/postgres/porttrack-roles.sh) sets them.
    await pool.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO porttrack_read');
    const seeded = await seedDemoPort(pool);
    // Two days the migration made partitions for (today and tomorrow), and one long before any
    // (the default partition); enough rows that the dump is mostly data.
    await pool.query(
      `INSERT INTO positions (vessel_id, mmsi, ts, lat, lon, sog, cog)
       SELECT v.id, v.mmsi, t, 40 + g / 100000.0, 2, g % 20, g % 360
       FROM (SELECT id, mmsi FROM vessels ORDER BY id LIMIT 1) v, generate_series(1, 6000) g,
            LATERAL (SELECT CASE g % 3 WHEN 0 THEN now() WHEN 1 THEN now() + interval '1 day'
                                       ELSE timestamptz '2020-01-01' END - g * interval '1 second' AS t) x`,
    );
    const { rows } = await pool.query<{ p: string; n: number }>(
      'SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM positions GROUP BY 1 ORDER BY 1',
    );
    log(`seeded ${seeded.vessels} vessels; positions by partition: ${rows.map((r) => `${r.p} ${r.n}`).join(', ')}`);
    expect(rows.filter((r) => r.n > 0).length).toBeGreaterThanOrEqual(3);

    await run(script('backup.sh'), ['--parts', 'postgres'], {
      env: { ...env, PGDATABASE: db.name, BACKUP_DIR: join(dir, 'sets') },
    });
    const [set] = await readdir(join(dir, 'sets'));
    setDir = join(dir, 'sets', set!);
    atBackup = await fingerprint(db.url);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * Data lost and changed after the set, and objects it never held, as the weeks after a backup
   * bring. Run again on a database it already changed (a failed restore keeps the changes), it
   * changes it further: the 2030 partition is kept, not made twice.
   */
  async function changeEverything(label: string): Promise<void> {
    // A day of tomorrow's rows, never the 2030 partition below. Seeded "tomorrow" spans two days
    // in the first 100 minutes after midnight UTC, so a second run may find the other one.
    const tomorrow = await pool.query<{ p: string }>(
      `SELECT tableoid::regclass::text AS p FROM positions
       WHERE ts >= now() + interval '12 hours' AND ts < now() + interval '2 days' ORDER BY ts LIMIT 1`,
    );
    for (const { p } of tomorrow.rows) await pool.query(`DROP TABLE ${p}`); // a whole partition lost
    await pool.query(`DELETE FROM positions WHERE ts < '2021-01-01'`);
    await pool.query(`UPDATE vessels SET name = name || ' ${label}'`);
    await pool.query(`DELETE FROM port_call_events`);
    await pool.query(
      `CREATE TABLE IF NOT EXISTS positions_20300101 PARTITION OF positions FOR VALUES FROM ('2030-01-01') TO ('2030-01-02')`,
    );
    await pool.query(`INSERT INTO positions (mmsi, ts, lat, lon) VALUES ('244000001', '2030-01-01T06:00:00Z', 1, 1)`);
    await pool.query(`CREATE TABLE added_after_the_set_${label} (id int PRIMARY KEY)`);
    await pool.query(`CREATE SCHEMA scratch_${label}`);
    await pool.query(`CREATE TABLE scratch_${label}.notes (note text)`);
    await pool.query(`REVOKE SELECT ON vessels FROM porttrack_read`);
    await pool.query(`GRANT CREATE ON SCHEMA public TO porttrack_read`);
  }

  it('brings back exactly the set: every row, partition, sequence, grant; nothing the set did not hold', async () => {
    await changeEverything('lost');
    const changed = await fingerprint(db.url);
    expect(changed).not.toEqual(atBackup);
    // Without --clean a database that is not empty is refused.
    const refused = run(script('restore.sh'), [setDir, '--database', db.name], { env });
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringContaining('pass --clean') });

    const started = performance.now();
    const { stdout } = await run(script('restore.sh'), [setDir, '--database', db.name, '--clean'], { env });
    log(`restore --clean over the live database took ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(stdout).toContain(`postgres: restored into ${db.name}`);
    const after = await fingerprint(db.url);
    expect(Object.keys(after).filter((k) => /positions_\d{8}|positions_default/.test(k)).length).toBeGreaterThan(5);
    expect(after).toEqual(atBackup);
  }, 120_000);

  it('leaves the database as it was when the restore fails midway', async () => {
    await changeEverything('kept');
    const before = await fingerprint(db.url);
    expect(before).not.toEqual(atBackup);

    // A copy of the set whose dump was cut short before its checksums were taken: the check
    // passes, pg_restore reads its table of contents, and the restore fails in the data.
    const cut = join(dir, 'cut');
    await cp(setDir, cut, { recursive: true });
    const dump = join(cut, 'postgres.dump');
    await truncate(dump, Math.floor((await stat(dump)).size * 0.6));
    await run('bash', ['-c', 'rm SHA256SUMS && sha256sum -- * >SHA256SUMS'], { cwd: cut }); // as backup.sh does
    await run('pg_restore', ['--list', dump]); // the table of contents still reads

    const failed = run(script('restore.sh'), [cut, '--database', db.name, '--clean'], { env });
    const error = await failed.then(
      () => undefined,
      (err: { stderr: string }) => err.stderr,
    );
    log(`the cut set's restore failed with: ${error?.trim().split('\n').join(' | ')}`);
    expect(error).toContain('pg_restore: error: could not read from input file'); // in the data, past the clean
    expect(await fingerprint(db.url)).toEqual(before);
  }, 120_000);

  it('is the one writer while writes are fenced off, as the restore drills fence the stack', async () => {
    await changeEverything('fenced');
    // The drills fence with ALTER SYSTEM; this database alone here (the machine's PostgreSQL is shared).
    await pool.query(`ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
    try {
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      const refused = await other.query('CREATE TABLE a_service_writing (id int)').then(
        () => 'written',
        (err: Error) => err.message,
      );
      await other.end();
      expect(refused).toContain('read-only transaction');

      await run(script('restore.sh'), [setDir, '--database', db.name, '--clean'], { env });
      expect(await fingerprint(db.url)).toEqual(atBackup);
    } finally {
      await pool.query(`ALTER DATABASE ${db.name} RESET default_transaction_read_only`);
    }
  }, 120_000);
});
