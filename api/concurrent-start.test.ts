import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { migrationsDir, startApi, type ApiService } from './server.ts';
import { send } from './testing/test-api.ts';

let database: TestDatabase;
const replicas: ApiService[] = [];
beforeAll(async () => {
  database = await createTestDatabase('api_concurrent');
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await database?.drop();
});

describe('three replicas starting at once on an empty database', () => {
  it('apply each migration once, seed the demo port once, and all serve', async () => {
    const env = {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      PORTTRACK_SEED_DEMO: 'true',
      PORTTRACK_DEMO_PASSWORD: 'shared-demo-password',
      PORTTRACK_TOKEN_SECRET: 'replica-secret-'.repeat(3),
      PORTTRACK_DB_POOL_MAX: '3',
      LOG_LEVEL: 'silent',
    };
    replicas.push(...(await Promise.all([startApi(env), startApi(env), startApi(env)])));

    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const files = readdirSync(migrationsDir)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      const applied = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.rows.map((r) => r.version)).toEqual(files);
      const vessels = await pool.query('SELECT count(*)::int AS n FROM vessels');
      expect(vessels.rows[0].n).toBeGreaterThanOrEqual(150);
      // One seed: a second would have doubled the fleet (each seed plans the same number of vessels).
      expect(vessels.rows[0].n).toBeLessThan(300);
      expect(replicas.filter((r) => r.startup.seeded)).not.toHaveLength(0);
    } finally {
      await pool.end();
    }
    for (const replica of replicas) {
      expect((await send(replica.url, 'GET', '/readyz')).status).toBe(200);
      const login = await send(replica.url, 'POST', '/api/v1/auth/login', {
        body: { email: 'viewer@porttrack.local', password: 'shared-demo-password' },
      });
      expect(login.status).toBe(200);
      // Tokens signed by one replica are accepted by another (shared secret).
      const other = replicas[(replicas.indexOf(replica) + 1) % replicas.length]!;
      expect(
        (await send(other.url, 'GET', '/api/v1/vessels?limit=1', { token: login.body.token })).body.total,
      ).toBeGreaterThanOrEqual(150);
    }
  }, 90_000);
});
