import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../lib/config/env.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { demoDomain, demoUsers, ensureDemoUsers } from './domain/auth/demo-users.ts';
import type { Db } from './platform/db.ts';
import { startApi, type ApiService } from './server.ts';
import { deleteKeys, send, testApiEnv } from './testing/test-api.ts';

// The bootstrap accounts (first admin, probes' account) come from the environment once; after
// that the users API owns them, across restarts. A production start removes the demo accounts
// a database that once ran the demo still holds, each with an audit row.
const admin = { email: 'admin@test.local', password: 'admin-password-1' };
const probe = { email: 'probe@test.local', password: 'probe-password-1' };
const prefix = `pttest:bootstrap-${process.pid}:`;
let database: TestDatabase;
let pool: pg.Pool;
let api: ApiService | undefined;
let env: Env;

beforeAll(async () => {
  database = await createTestDatabase('api_bootstrap');
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  env = {
    ...testApiEnv(database.url, prefix),
    PORTTRACK_PROBE_EMAIL: probe.email,
    PORTTRACK_PROBE_PASSWORD: probe.password,
    LOG_LEVEL: 'silent',
  };
});
afterAll(async () => {
  await api?.stop();
  await pool?.end();
  await database?.drop();
  await deleteKeys(prefix);
});

const call = (method: string, path: string, options: { token?: string; body?: unknown } = {}) =>
  send(api!.url, method, `/api/v1${path}`, options);
const login = (who: { email: string; password: string }) => call('POST', '/auth/login', { body: who });
async function tokenOf(who: { email: string; password: string }): Promise<string> {
  const answer = await login(who);
  expect(answer.status, `login ${who.email}`).toBe(200);
  return answer.body.token as string;
}
const auditRows = async (email: string) =>
  (
    await pool.query(
      'SELECT actor, actor_user_id, action, target_user_id, details FROM user_audit_log WHERE target_email = $1 ORDER BY id',
      [email],
    )
  ).rows;

describe('bootstrap accounts', () => {
  it('are created once from the environment; a reset or a demotion through the users API survives a restart', async () => {
    api = await startApi(env);
    expect(await auditRows(admin.email)).toEqual([
      expect.objectContaining({
        actor: 'startup',
        action: 'create',
        details: { role: 'admin', from: 'environment' },
      }),
    ]);
    expect((await auditRows(probe.email)).map((r) => [r.action, r.details.role])).toEqual([
      ['create', 'probe'],
    ]);

    const token = await tokenOf(admin);
    const users = (await call('GET', '/users?limit=500', { token })).body.items as Array<{
      id: number;
      email: string;
    }>;
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    const newPassword = 'a-password-set-through-the-api';
    expect(
      (await call('POST', `/users/${idOf(admin.email)}/password`, { token, body: { password: newPassword } }))
        .status,
    ).toBe(200);
    expect(
      (
        await call('PATCH', `/users/${idOf(probe.email)}`, {
          token: await tokenOf({ ...admin, password: newPassword }),
          body: { role: 'viewer' },
        })
      ).status,
    ).toBe(200);

    await api.stop();
    api = await startApi(env);
    expect((await login(admin)).status).toBe(401);
    const after = await tokenOf({ ...admin, password: newPassword });
    expect((await call('GET', `/users/${idOf(probe.email)}`, { token: after })).body.role).toBe('viewer');
    expect((await auditRows(admin.email)).map((r) => r.action)).toEqual(['create', 'reset_password']);
    expect((await auditRows(probe.email)).map((r) => r.action)).toEqual(['create', 'set_role']);
  });

  it('a production start removes the demo accounts, with an audit row each, and keeps what they did', async () => {
    // A database that once ran the demo: its accounts, and a user its admin created.
    await ensureDemoUsers(
      {
        query: async (_op: string, sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows,
      } as unknown as Db,
      'demo-password-1',
    );
    const demoAdmin = await tokenOf({ email: `admin@${demoDomain}`, password: 'demo-password-1' });
    const made = await call('POST', '/users', {
      token: demoAdmin,
      body: { email: 'made-in-the-demo@test.local', role: 'viewer', password: 'a-long-password-1' },
    });
    expect(made.status).toBe(201);

    await api!.stop();
    api = await startApi({ ...env, NODE_ENV: 'production' });
    const token = await tokenOf({ ...admin, password: 'a-password-set-through-the-api' });
    const emails = (
      (await call('GET', '/users?limit=500', { token })).body.items as Array<{ email: string }>
    ).map((u) => u.email);
    expect(emails.filter((e) => e.endsWith(`@${demoDomain}`))).toEqual([]);
    expect(emails).toContain('made-in-the-demo@test.local');
    expect((await login({ email: `admin@${demoDomain}`, password: 'demo-password-1' })).status).toBe(401);
    for (const demo of demoUsers)
      expect((await auditRows(demo.email)).at(-1)).toEqual({
        actor: 'startup',
        actor_user_id: null,
        action: 'remove',
        target_user_id: null,
        details: { role: demo.role, reason: 'demo account in a production database' },
      });
    // The demo admin's own change stays in the log, with its email and without the link.
    expect(await auditRows('made-in-the-demo@test.local')).toEqual([
      expect.objectContaining({ actor: `admin@${demoDomain}`, actor_user_id: null, action: 'create' }),
    ]);
    const log = await call('GET', '/audit-log?limit=100', { token });
    expect(log.status).toBe(200);
  });
});
