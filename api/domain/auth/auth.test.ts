import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { passwords, redisUrl, startTestApi, type HttpAnswer, type TestApi } from '../../testing/test-api.ts';
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { createTokenSigner, keyId } from './tokens.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const login = (t: TestApi, email: string, password: string) =>
  t.request('POST', '/api/v1/auth/login', { body: { email, password } });

describe('passwords and tokens', () => {
  it('hashes with scrypt and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(hash.replace('$8$5$', '$8$1$'))).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse!', hash)).toBe(false);
  });
  it('refuses tampered tokens and tokens signed with another key', () => {
    const signer = createTokenSigner({ current: 'a'.repeat(32) }, 60);
    const { token } = signer.sign({ id: 1, email: 'a@b.c', role: 'viewer', token_version: 1 });
    expect(signer.verify(token)).toEqual({ id: 1, email: 'a@b.c', role: 'viewer' });
    const [payload, sig] = token.split('.');
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect(signer.verify(`${admin}.${sig}`)).toBeUndefined();
    expect(createTokenSigner({ current: 'b'.repeat(32) }, 60).verify(token)).toBeUndefined();
    expect(signer.verify('garbage')).toBeUndefined();
  });
});

describe('token keys', () => {
  it('accepts two keys during a rotation and names the key in each token', () => {
    const [a, b] = ['a'.repeat(32), 'b'.repeat(32)];
    const user = { id: 7, email: 'x@y.z', role: 'operator' as const };
    const subject = { ...user, token_version: 1 };
    const oldToken = createTokenSigner({ current: a }, 60).sign(subject).token;
    // Step 1: every replica accepts the next key. Step 2: they sign with it, still accepting the old.
    const accepting = createTokenSigner({ current: a, other: b }, 60);
    const rotated = createTokenSigner({ current: b, other: a }, 60);
    const newToken = rotated.sign(subject).token;
    expect(accepting.verify(newToken)).toEqual(user);
    expect(rotated.verify(oldToken)).toEqual(user);
    expect(JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid).toBe(keyId(b));
    // Step 3: the old key retired, its tokens are refused.
    expect(createTokenSigner({ current: b }, 60).verify(oldToken)).toBeUndefined();
  });
});

describe('login throttling and roles', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi('auth', {
      PORTTRACK_LOGIN_FREE_FAILURES: '3',
      PORTTRACK_LOGIN_MAX_WAIT_SECONDS: '120',
      TRUST_PROXY: '1',
    });
  });
  afterAll(() => t?.close());

  const from = (address: string, email: string, password: string) =>
    t.request('POST', '/api/v1/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': address },
    });
  const shape = (a: HttpAnswer) => ({
    status: a.status,
    body: a.body,
    retryAfter: a.headers.get('retry-after'),
  });

  /** Five wrong passwords, then one more after the first wait: the answers the pair gets. */
  async function guess(address: string, email: string) {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(shape(await from(address, email, 'wrong')));
    answers.push(shape(await from(address, email, 'wrong')));
    await sleep(1100);
    answers.push(shape(await from(address, email, 'wrong')));
    answers.push(shape(await from(address, email, 'wrong')));
    return answers;
  }

  it('makes a guessing (account, address) pair wait longer and longer, never locking the account', async () => {
    const known = await guess('203.0.113.10', 'operator@test.local');
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 401, 429]);
    // Waits grow: 1 s after the first failure past the free ones, 2 s after the next.
    expect(known[4]!.retryAfter).toBe('1');
    expect(known[6]!.retryAfter).toBe('2');
    expect(known[4]!.body.reason).toBe('login_throttled');
    // The right password from the guesser's address waits too...
    expect((await from('203.0.113.10', 'operator@test.local', passwords.operator)).status).toBe(429);
    // ...but the real user, elsewhere, is not locked out by it.
    const real = await from('198.51.100.20', 'operator@test.local', passwords.operator);
    expect(real.status).toBe(200);
    expect(real.body.user).toMatchObject({ email: 'operator@test.local', role: 'operator' });
  });

  it('answers unknown accounts exactly like existing ones', async () => {
    const known = await guess('203.0.113.11', 'viewer@test.local');
    const unknown = await guess('203.0.113.11', 'nobody@test.local');
    expect(unknown).toEqual(known);
    expect(known[0]).toEqual({ status: 401, body: { error: 'invalid email or password' }, retryAfter: null });
  });

  it('counts logins by result and exposes the attack gauges', async () => {
    for (let i = 0; i < 4; i++) await from('203.0.113.12', `sprayed-${i}@test.local`, 'wrong');
    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    expect(metrics).toMatch(/porttrack_logins_total\{result="throttled"\} [1-9]/);
    expect(metrics).toMatch(/porttrack_logins_total\{result="failure"\} [1-9]/);
    // 203.0.113.12 failed on 4 accounts; the most-guessed account took 5 failures in its window.
    expect(metrics).toMatch(/porttrack_login_failure_accounts_per_address_max 4\n/);
    expect(metrics).toMatch(/porttrack_login_failures_per_account_max 5\n/);
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
