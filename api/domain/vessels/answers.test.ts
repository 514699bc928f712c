import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../lib/testing/wait.ts';
import { adminUrl } from '../../../lib/testing/database.ts';
import type { Queryable } from '../../platform/db.ts';
import { seedDemoPort } from '../../seed/demo-port.ts';
import { startApi, type ApiService } from '../../server.ts';
import { send, startTestApi, testApiEnv, vesselBody, type TestApi } from '../../testing/test-api.ts';
import type { VesselQuery } from './schemas.ts';
import * as store from './store.ts';

// GET /vessels and /vessels/:id answer JSON text kept while no vessel changed
// (api/platform/versioned-answers.ts). Before, the handlers returned the page or row and res.json
// sent JSON.stringify of it: that is computed here from the same store functions and required
// byte for byte, on the demo port, the first time (made) and again (kept). Then a second replica
// on the same database: a change through either one, or straight in SQL, shows at once in both;
// and, after the database was lost and restored from a backup under both (a rewind), what the
// restored database holds.

let t: TestApi;
let other: ApiService;
let q: Queryable;

beforeAll(async () => {
  t = await startTestApi('vessel_answers');
  await seedDemoPort(t.pool);
  q = { query: async (_op, sql, params) => (await t.pool.query(sql, params)).rows };
  other = await startApi({
    ...testApiEnv(t.database.url, t.redisPrefix),
    PORTTRACK_TOKEN_SECRET: t.tokenSecret,
    PORTTRACK_RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
  });
}, 120_000);
afterAll(async () => {
  await other?.stop();
  await t?.close();
});

/** The answer's bytes as the client gets them, after the contract check of the test client. */
async function answer(base: string, path: string, contract = true) {
  if (contract) expect((await send(base, 'GET', path, { token: t.tokens.viewer })).status).toBe(200);
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${t.tokens.viewer}` } });
  const text = await response.text();
  expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
  return { text, type: response.headers.get('content-type') };
}

/** What the previous handlers sent: res.json(page or row), i.e. JSON.stringify of it. */
const before = {
  list: async (query: Partial<VesselQuery>) =>
    JSON.stringify(await store.listVessels(q, { limit: 50, offset: 0, ...query })),
  one: async (id: number) => JSON.stringify(await store.findVessel(q, id)),
};

const lists: Array<[string, Partial<VesselQuery>]> = [
  ['?limit=50', {}],
  ['', {}],
  ['?limit=50&offset=50', { offset: 50 }],
  ['?limit=500', { limit: 500 }],
  ['?offset=10000', { offset: 10_000 }],
  ['?type=tanker&status=active', { type: 'tanker', status: 'active' }],
  ['?flag=PA&limit=3', { flag: 'PA', limit: 3 }],
  ['?q=MAERSK', { q: 'MAERSK' }],
];

describe('vessel answers', () => {
  it('are byte for byte what res.json sent, made and then kept, every page and every vessel', async () => {
    for (const round of ['made', 'kept'])
      for (const [search, query] of lists) {
        const got = await answer(t.api.url, `/api/v1/vessels${search}`);
        expect(got.type).toBe('application/json; charset=utf-8');
        expect(got.text, `${round} ${search}`).toBe(await before.list(query));
      }
    const ids = (await t.pool.query<{ id: string }>('SELECT id FROM vessels ORDER BY id')).rows.map((r) =>
      Number(r.id),
    );
    expect(ids.length).toBeGreaterThan(100);
    for (const round of ['made', 'kept'])
      for (const id of ids)
        expect((await answer(t.api.url, `/api/v1/vessels/${id}`, id === ids[0])).text, `${round} ${id}`).toBe(
          await before.one(id),
        );
    expect((await t.request('GET', '/api/v1/vessels/999999', { token: t.tokens.viewer })).status).toBe(404);
  }, 120_000);

  it('show a change through either replica, or straight in SQL, at once in both', async () => {
    const replicas = [t.api.url, other.url];
    const [id] = (await t.pool.query<{ id: string }>('SELECT min(id) AS id FROM vessels')).rows.map((r) =>
      Number(r.id),
    );
    const current = async () => {
      for (const base of replicas) {
        expect((await answer(base, `/api/v1/vessels/${id}`)).text).toBe(await before.one(id!));
        expect((await answer(base, '/api/v1/vessels?limit=50')).text).toBe(await before.list({}));
      }
    };
    await current(); // both keep the answers now
    const patched = await send(other.url, 'PATCH', `/api/v1/vessels/${id}`, {
      token: t.tokens.operator,
      body: { name: 'RENAMED ON THE OTHER REPLICA' },
    });
    expect(patched.status).toBe(200);
    await current();
    expect((await answer(t.api.url, `/api/v1/vessels/${id}`)).text).toContain('RENAMED ON THE OTHER');

    await t.pool.query("UPDATE vessels SET name = 'RENAMED IN SQL' WHERE id = $1", [id]);
    await current();
    expect((await answer(other.url, '/api/v1/vessels?limit=50')).text).toContain('RENAMED IN SQL');

    const created = await t.request('POST', '/api/v1/vessels', {
      token: t.tokens.operator,
      body: vesselBody(),
    });
    expect(created.status).toBe(201);
    await current();
    expect((await answer(other.url, `/api/v1/vessels/${created.body.id}`)).text).toBe(
      await before.one(created.body.id),
    );
    expect(
      (await send(other.url, 'DELETE', `/api/v1/vessels/${created.body.id}`, { token: t.tokens.operator }))
        .status,
    ).toBe(204);
    for (const base of replicas)
      expect(
        (await send(base, 'GET', `/api/v1/vessels/${created.body.id}`, { token: t.tokens.viewer })).status,
      ).toBe(404);
    await current();
  });

  it('move the counter only when a statement changed a vessel, and not when it rolled back', async () => {
    const version = async () =>
      Number(
        (await t.pool.query("SELECT version FROM change_counters WHERE name = 'vessels'")).rows[0].version,
      );
    const start = await version();
    await t.pool.query("UPDATE vessels SET name = 'nobody' WHERE id = -1");
    await t.pool.query('DELETE FROM vessels WHERE id = -1');
    expect(await version()).toBe(start);
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("UPDATE vessels SET status = 'inactive'");
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await version()).toBe(start);
    await t.pool.query('UPDATE vessels SET status = status WHERE id = (SELECT min(id) FROM vessels)');
    const moved = await version();
    expect(moved).not.toBe(start); // a fresh value (migration 0006), not a count
    expect(Number.isSafeInteger(moved) && moved >= 0 && moved < 2 ** 52).toBe(true);
  });

  it('show the restored database after it was lost and restored from a backup under the running replicas', async () => {
    // runbooks/BACKUP_RECOVERY.md, Restore: the database lost, an empty one in its place, the
    // backup set of backup.sh restored into it with restore.sh, here with both replicas running
    // across it (as in the Swarm test's restore drill, restore-drill.sh). The database goes back to
    // the backup; the same kinds of write made after the restore as before it (a vessel added,
    // which gets the same id again, and another renamed) must not bring back answers made from the
    // writes the restore undid.
    const replicas = [t.api.url, other.url];
    const scripts = resolve(import.meta.dirname, '../../../stack/scripts');
    const name = t.database.name;
    const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: '5432', PGUSER: 'postgres', PGDATABASE: name };
    const dir = await mkdtemp(join(tmpdir(), 'porttrack-rewind-'));
    try {
      await run(join(scripts, 'backup.sh'), ['--parts', 'postgres'], { env: { ...env, BACKUP_DIR: dir } });
      const [set] = await readdir(dir);
      const [id] = (await t.pool.query<{ id: string }>('SELECT min(id) AS id FROM vessels')).rows.map((r) =>
        Number(r.id),
      );
      const current = async (ids: number[]) => {
        for (const base of replicas) {
          for (const vessel of ids)
            expect((await answer(base, `/api/v1/vessels/${vessel}`)).text).toBe(await before.one(vessel));
          expect((await answer(base, '/api/v1/vessels?limit=500')).text).toBe(
            await before.list({ limit: 500 }),
          );
        }
      };
      const write = async (label: string) => {
        const created = await send(other.url, 'POST', '/api/v1/vessels', {
          token: t.tokens.operator,
          body: vesselBody({ name: `ADDED ${label}` }),
        });
        expect(created.status).toBe(201);
        const renamed = await send(t.api.url, 'PATCH', `/api/v1/vessels/${id}`, {
          token: t.tokens.operator,
          body: { name: `RENAMED ${label}` },
        });
        expect(renamed.status).toBe(200);
        return created.body.id as number;
      };

      const lost = await write('AND THEN LOST');
      await current([id!, lost]); // both replicas keep these answers now
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        // The replicas' connections go with it; they connect again on their next request.
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      await run(join(scripts, 'restore.sh'), [join(dir, set!)], { env });
      for (const base of replicas) {
        await waitFor(
          async () => (await send(base, 'GET', '/readyz')).status === 200,
          'the replica ready after the restore',
          10_000,
        );
        expect((await send(base, 'GET', `/api/v1/vessels/${lost}`, { token: t.tokens.viewer })).status).toBe(
          404,
        );
      }
      await current([id!]);
      const again = await write('AFTER THE RESTORE');
      expect(again).toBe(lost); // the restore brought the sequence back too: the same id, another vessel
      await current([id!, again]);
      expect((await answer(other.url, `/api/v1/vessels/${again}`)).text).toContain('ADDED AFTER THE RESTORE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const run = promisify(execFile);
