import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { passwords, redisUrl, startTestApi, type TestApi } from '../../testing/test-api.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createTokenSigner } from './tokens.ts';

const login = (t: TestApi, email: string, password: string) =>
  t.request('POST', '/api/v1/auth/login', { body: { email, password } });

describe('passwords and tokens', () => {
  it('hashes with scrypt and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse!', hash)).toBe(false);
  });
  it('refuses tampered tokens and tokens signed with another key', () => {
    const signer = createTokenSigner('a'.repeat(32), 60);
    const { token } = signer.sign({ id: 1, email: 'a@b.c', role: 'viewer' });
    expect(signer.verify(token)).toEqual({ id: 1, email: 'a@b.c', role: 'viewer' });
    const [payload, sig] = token.split('.');
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect(signer.verify(`${admin}.${sig}`)).toBeUndefined();
    expect(createTokenSigner('b'.repeat(32), 60).verify(token)).toBeUndefined();
    expect(signer.verify('garbage')).toBeUndefined();
  });
});

describe('login, lockout and roles', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi('auth', {
      PORTTRACK_LOGIN_MAX_FAILURES: '3',
      PORTTRACK_LOGIN_LOCK_SECONDS: '120',
    });
  });
  afterAll(() => t?.close());

  it('logs in, counts failures, locks the account, and counts logins by result', async () => {
    const ok = await login(t, 'OPERATOR@test.local', passwords.operator);
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'operator@test.local', role: 'operator' });
    expect((await login(t, 'nobody@test.local', 'whatever')).status).toBe(401);

    for (let i = 0; i < 2; i++) expect((await login(t, 'operator@test.local', 'wrong')).status).toBe(401);
    const counted = await t.pool.query("SELECT failed_logins FROM users WHERE email = 'operator@test.local'");
    expect(counted.rows[0].failed_logins).toBe(2);
    expect((await login(t, 'operator@test.local', 'wrong')).status).toBe(401);
    const locked = await login(t, 'operator@test.local', passwords.operator);
    expect(locked.status).toBe(429);
    expect(locked.body.reason).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(100);
    // The admin is not affected by the operator's lockout.
    expect((await login(t, 'admin@test.local', passwords.admin)).status).toBe(200);

    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    expect(metrics).toMatch(/porttrack_logins_total\{result="failure"\} 4/);
    expect(metrics).toMatch(/porttrack_logins_total\{result="locked"\} 1/);
    expect((await t.request('GET', '/api/v1/auth/me', { token: t.tokens.viewer })).body.role).toBe('viewer');
  });

  it('needs operator or admin for every write', async () => {
    const body = { code: 'Q1', name: 'Quay', max_length_m: 100 };
    expect((await t.request('POST', '/api/v1/berths', { token: t.tokens.viewer, body })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/berths', { body })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/berths', { token: t.tokens.admin, body })).status).toBe(201);
    expect((await t.request('GET', '/api/v1/berths', { token: t.tokens.viewer })).body.total).toBe(1);
  });
});

describe('rate limits (Redis store)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi('rate_limit', {
      PORTTRACK_RATE_LIMIT_PER_MINUTE: '40',
      PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: '2',
    });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After once a client exceeds its allowance', async () => {
    expect((await login(t, 'viewer@test.local', 'wrong-1')).status).toBe(401);
    expect((await login(t, 'viewer@test.local', 'wrong-2')).status).toBe(401);
    const limited = await login(t, 'viewer@test.local', 'wrong-3');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const statuses: number[] = [];
    for (let i = 0; i < 45; i++)
      statuses.push((await t.request('GET', '/api/v1/vessels', { token: t.tokens.viewer })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    // The counts live in Redis, shared by every replica.
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${t.redisPrefix}rl:*`).finally(() => redis.disconnect());
    expect(keys.some((k) => k.includes('rl:api:'))).toBe(true);
    expect(keys.some((k) => k.includes('rl:login:'))).toBe(true);
    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    expect(metrics).toMatch(/porttrack_rate_limited_requests_total\{limiter="login"\} 1/);
    expect(metrics).toMatch(/porttrack_logins_total\{result="rate_limited"\} 1/);
  });
});

describe('client address behind one proxy hop', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi('one_hop', { PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' });
  });
  afterAll(() => t?.close());

  const loginFrom = (forwardedFor: string) =>
    t.request('POST', '/api/v1/auth/login', {
      body: { email: 'viewer@test.local', password: 'wrong' },
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it('counts the address the proxy saw, whatever the client put before it', async () => {
    // The client chooses the left entries; the proxy appends the address it saw (the last one).
    expect((await loginFrom('198.51.100.1, 203.0.113.7')).status).toBe(401);
    expect((await loginFrom('198.51.100.2, 203.0.113.7')).status).toBe(401);
    expect((await loginFrom('198.51.100.3, 203.0.113.7')).status).toBe(429);
    // Another real address has its own allowance: nobody spends it in a victim's name.
    expect((await loginFrom('203.0.113.7, 203.0.113.8')).status).toBe(401);
  });
});
