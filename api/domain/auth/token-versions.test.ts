import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../../lib/testing/database.ts';
import { createMemoryCache } from '../../platform/cache.ts';
import type { Queryable } from '../../platform/db.ts';
import { migrationsDir } from '../../server.ts';
import { TokenVersions } from './token-versions.ts';

// Requests of one user arriving together share one cache read of its token version
// (shared-reads.ts). A revocation published before a request arrived must still refuse it, even
// while an earlier request's read, sent before the revocation, is under way.
let database: TestDatabase;
let pool: pg.Pool;
let db: Queryable;
let userId: number;

beforeAll(async () => {
  database = await createTestDatabase('token_versions');
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
  db = { query: async (_op, sql, params) => (await pool.query(sql, params)).rows };
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO users (email, password_hash, role) VALUES ('v@example.org', 'x', 'viewer') RETURNING id",
  );
  userId = Number(rows[0]!.id);
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe('TokenVersions', () => {
  it('refuses a request that arrived after a revocation on another replica, while an older read is under way', async () => {
    const cache = createMemoryCache(); // what both replicas share (Redis in production)
    const read = cache.getNumber.bind(cache);
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    let reads = 0;
    cache.getNumber = async (key) => {
      const value = await read(key);
      reads++;
      if (holding) await hold;
      return value;
    };
    const here = new TokenVersions(cache, db);
    const there = new TokenVersions(cache, db);
    expect(await here.accepts(userId, 1)).toBe(true);

    holding = true;
    const before = here.accepts(userId, 1); // its cache read is sent and answers 1, then held
    while (reads < 2) await new Promise((resolve) => setImmediate(resolve));
    await pool.query('UPDATE users SET token_version = 2 WHERE id = $1', [userId]);
    await there.changed(userId, 2); // the other replica revoked version 1
    const after = here.accepts(userId, 1);
    release();
    expect(await before).toBe(true); // it arrived before the revocation
    expect(await after).toBe(false);
    expect(reads).toBe(3);
    expect(await here.accepts(userId, 2)).toBe(true);
  });
});
