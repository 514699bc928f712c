import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import { createTokenSigner } from '../auth/tokens.ts';

// User administration through the API: admin only, validated, audited, and every change that
// must revoke tokens (disable, role, password) refuses the old token on the very next request.
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi('users');
});
afterAll(() => t?.close());

const admin = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: t.tokens.admin, ...(body === undefined ? {} : { body }) });
const login = async (email: string, password: string) =>
  t.request('POST', '/api/v1/auth/login', { body: { email, password } });
const tokenOf = async (email: string, password: string) => {
  const answer = await login(email, password);
  expect(answer.status).toBe(200);
  return answer.body.token as string;
};
const me = (token: string) => t.request('GET', '/api/v1/auth/me', { token });

let nextUser = 0;
async function createUser(role: string, password = 'first-password-1') {
  const email = `user${++nextUser}@test.local`;
  const answer = await admin('POST', '/users', { email: email.toUpperCase(), role, password });
  expect(answer.status).toBe(201);
  expect(answer.body).toMatchObject({ email, role, disabled: false, token_version: 1 });
  return { id: answer.body.id as number, email, password };
}

describe('admin endpoints', () => {
  it('are for admins only', async () => {
    for (const token of [t.tokens.operator, t.tokens.viewer]) {
      for (const [method, path] of [
        ['GET', '/users'],
        ['GET', '/audit-log'],
        ['GET', '/users/1'],
      ] as const) {
        const answer = await t.request(method, `/api/v1${path}`, { token });
        expect(answer.status).toBe(403);
        expect(answer.body.error).toMatch(/admin/);
      }
      const create = await t.request('POST', '/api/v1/users', {
        token,
        body: { email: 'x@test.local', role: 'admin', password: 'long-enough-pass' },
      });
      expect(create.status).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/users')).status).toBe(401);
  });

  it('refuse invalid input field by field, and duplicates', async () => {
    const bad = await admin('POST', '/users', { email: 'not-an-email', role: 'captain', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.email',
      'body.password',
      'body.role',
    ]);
    const extra = await admin('POST', '/users', {
      email: 'a@test.local',
      role: 'viewer',
      password: 'long-enough-pass',
      is_root: true,
    });
    expect(extra.status).toBe(400);
    const empty = await admin('PATCH', '/users/1', {});
    expect(empty.status).toBe(400);
    expect((await admin('PATCH', '/users/999999', { disabled: true })).status).toBe(404);
    expect((await admin('POST', '/users/abc/password', { password: 'long-enough-pass' })).status).toBe(400);
    const { email } = await createUser('viewer');
    const duplicate = await admin('POST', '/users', { email, role: 'viewer', password: 'long-enough-pass' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.reason).toBe('duplicate_email');
  });

  it('lists users without password hashes', async () => {
    const list = await admin('GET', '/users?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toContain('admin@test.local');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/);
  });
});

describe('revocation', () => {
  it('disabling a user refuses its token at once and its logins, enabling lets it log in again', async () => {
    const user = await createUser('operator');
    const token = await tokenOf(user.email, user.password);
    expect((await me(token)).status).toBe(200);
    const disabled = await admin('PATCH', `/users/${user.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, token_version: 2 });
    const refused = await me(token);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatch(/revoked/);
    // Same answer as a wrong password: a disabled account is not told apart.
    const denied = await login(user.email, user.password);
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual((await login(user.email, 'wrong-password-x')).body);
    expect((await admin('PATCH', `/users/${user.id}`, { disabled: false })).body.disabled).toBe(false);
    // The old token stays dead after enabling: versions only go up.
    expect((await me(token)).status).toBe(401);
    expect((await me(await tokenOf(user.email, user.password))).status).toBe(200);
  });

  it('a role change refuses the token of the old role', async () => {
    const user = await createUser('operator');
    const token = await tokenOf(user.email, user.password);
    const vessel = {
      imo: '9074729',
      mmsi: '224000001',
      name: 'REVOKED',
      type: 'bulk',
      flag: 'ES',
      gross_tonnage: 1,
      length_m: 10,
    };
    const changed = await admin('PATCH', `/users/${user.id}`, { role: 'viewer' });
    expect(changed.body).toMatchObject({ role: 'viewer', token_version: 2 });
    const write = await t.request('POST', '/api/v1/vessels', { token, body: vessel });
    expect(write.status).toBe(401);
    const fresh = await tokenOf(user.email, user.password);
    expect((await me(fresh)).body.role).toBe('viewer');
    expect((await t.request('POST', '/api/v1/vessels', { token: fresh, body: vessel })).status).toBe(403);
  });

  it('a password reset refuses older tokens and the old password', async () => {
    const user = await createUser('viewer');
    const token = await tokenOf(user.email, user.password);
    const reset = await admin('POST', `/users/${user.id}/password`, { password: 'second-password-2' });
    expect(reset.status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'second-password-2')).status).toBe(200);
  });

  it('asking for the current state changes nothing and revokes nothing', async () => {
    const user = await createUser('viewer');
    const token = await tokenOf(user.email, user.password);
    const same = await admin('PATCH', `/users/${user.id}`, { role: 'viewer', disabled: false });
    expect(same.body.token_version).toBe(1);
    expect((await me(token)).status).toBe(200);
  });

  it('refuses a token that claims another version than the user has', async () => {
    const user = await createUser('viewer');
    const signer = createTokenSigner({ current: t.tokenSecret }, 60);
    const subject = { id: user.id, email: user.email, role: 'viewer' as const };
    expect((await me(signer.sign({ ...subject, token_version: 1 }).token)).status).toBe(200);
    for (const version of [0, 2])
      expect((await me(signer.sign({ ...subject, token_version: version }).token)).status).toBe(401);
    // A token of a user that does not exist.
    expect((await me(signer.sign({ ...subject, id: 999_999, token_version: 1 }).token)).status).toBe(401);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or disabled', async () => {
    const self = (await me(t.tokens.admin)).body.id as number;
    for (const change of [{ role: 'operator' }, { disabled: true }]) {
      const answer = await admin('PATCH', `/users/${self}`, change);
      expect(answer.status).toBe(409);
      expect(answer.body.reason).toBe('last_admin');
    }
    expect((await me(t.tokens.admin)).status).toBe(200);
  });
});

describe('audit log', () => {
  it('records who did what to whom, newest first, never a password', async () => {
    const user = await createUser('viewer', 'audited-password-1');
    await admin('PATCH', `/users/${user.id}`, { role: 'operator', disabled: true });
    await admin('POST', `/users/${user.id}/password`, { password: 'audited-password-2' });
    const log = await admin('GET', `/audit-log?target_user_id=${user.id}`);
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(4);
    const entries = log.body.items.map((e: Record<string, unknown>) => [e.action, e.details]);
    expect(entries).toEqual([
      ['reset_password', {}],
      ['disable', {}],
      ['set_role', { from: 'viewer', to: 'operator' }],
      ['create', { role: 'viewer' }],
    ]);
    for (const e of log.body.items) {
      expect(e).toMatchObject({
        actor: 'admin@test.local',
        target_user_id: user.id,
        target_email: user.email,
      });
      expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(JSON.stringify(log.body)).not.toMatch(/audited-password|scrypt/);
    const rows = await t.pool.query('SELECT details::text FROM user_audit_log');
    expect(rows.rows.map((r) => r.details).join()).not.toMatch(/password-/);
    expect((await admin('GET', '/audit-log?limit=0')).status).toBe(400);
  });
});
