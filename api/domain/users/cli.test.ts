import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisUrl, startTestApi, type TestApi } from '../../testing/test-api.ts';
import { runUsersCli } from './cli.ts';

// `npm run users` against the same database and Redis as a running API: what it changes is
// audited as the shell user and revokes tokens the API accepted a moment before.
let t: TestApi;
let dir: string;
beforeAll(async () => {
  t = await startTestApi('users_cli');
  dir = await mkdtemp(join(tmpdir(), 'pt-users-cli-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUsersCli(
    args,
    { DATABASE_URL: t.database.url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: t.redisPrefix, SUDO_USER: 'ops' },
    { out: (l) => out.push(l), err: (l) => err.push(l), stdin: async () => stdin },
  );
  return { code, out, err: err.join('\n'), rows: out.map((l) => JSON.parse(l)) };
}

describe('npm run users', () => {
  it('creates a user with a password from a file, and the user can log in', async () => {
    const file = join(dir, 'password');
    await writeFile(file, 'cli-password-123\n');
    const created = await cli(['create', 'Crane.Desk@test.local', 'operator', '--password-file', file]);
    expect(created.code).toBe(0);
    expect(created.rows[0]).toMatchObject({
      email: 'crane.desk@test.local',
      role: 'operator',
      disabled: false,
    });
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'crane.desk@test.local', password: 'cli-password-123' },
    });
    expect(login.status).toBe(200);
  });

  it('disables a user: the token the API gave it is refused at once; enable and set-role audited as the shell user', async () => {
    expect((await cli(['create', 'night.shift@test.local', 'viewer'], 'night-password-1')).code).toBe(0);
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'night.shift@test.local', password: 'night-password-1' },
    });
    const token = login.body.token as string;
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await cli(['disable', 'night.shift@test.local'])).rows[0].disabled).toBe(true);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    expect((await cli(['enable', 'night.shift@test.local'])).code).toBe(0);
    expect((await cli(['set-role', 'night.shift@test.local', 'probe'])).rows[0].role).toBe('probe');
    const audit = await cli(['audit', '--limit', '4']);
    expect(audit.rows.map((e) => [e.actor, e.action, e.target_email])).toEqual([
      ['cli:ops', 'set_role', 'night.shift@test.local'],
      ['cli:ops', 'enable', 'night.shift@test.local'],
      ['cli:ops', 'disable', 'night.shift@test.local'],
      ['cli:ops', 'create', 'night.shift@test.local'],
    ]);
  });

  it('makes a password when none is given and shows it once on stderr', async () => {
    const created = await cli(['create', 'generated@test.local', 'viewer']);
    expect(created.code).toBe(0);
    const password = /generated password \(shown once\): (\S+)/.exec(created.err)?.[1];
    expect(password).toBeDefined();
    expect(created.out.join()).not.toContain(password);
    const reset = await cli(['reset-password', 'generated@test.local'], 'a-new-password-9');
    expect(reset.code).toBe(0);
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'generated@test.local', password: 'a-new-password-9' },
    });
    expect(login.status).toBe(200);
  });

  it('says what is wrong: bad input and unknown users exit 1, wrong usage exits 2', async () => {
    const bad = await cli(['create', 'not-an-email', 'captain'], 'short');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/email:/);
    expect(bad.err).toMatch(/role:/);
    expect(bad.err).toMatch(/password: at least 12 characters/);
    const unknown = await cli(['disable', 'nobody@test.local']);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toMatch(/user nobody@test.local not found/);
    expect((await cli(['promote', 'x@test.local'])).code).toBe(2);
    expect((await cli(['disable'])).code).toBe(2);
    // Passwords never go on the command line (shell history, ps).
    const inline = await cli(['create', 'x@test.local', 'viewer', '--password', 'visible-in-ps']);
    expect(inline.code).toBe(2);
    expect(inline.err).toMatch(/never go on the command line/);
  });
});
