import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedis, type OwnRedis } from '../lib/testing/redis-server.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Revocation prefers correctness to the cache: with Redis away the token version comes from
// PostgreSQL, a Redis that comes back empty (or missed the bump) cannot revive a token, and nor
// can whoever writes an old version into Redis: the cache can raise a version, never lower it.
let redis: OwnRedis;
let t: TestApi;
beforeAll(async () => {
  redis = await startOwnRedis();
  t = await startTestApi('revocation_redis', { REDIS_URL: redis.url });
});
afterAll(async () => {
  await t?.close();
  await redis?.close();
});

const me = (token: string) => t.request('GET', '/api/v1/auth/me', { token });

describe('revocation with Redis away', () => {
  it('refuses a disabled user at once while Redis is down, and after it returns', async () => {
    const viewer = (await me(t.tokens.viewer)).body.id as number;
    expect((await me(t.tokens.viewer)).status).toBe(200); // its version is now cached
    await redis.stop();
    expect((await me(t.tokens.viewer)).status).toBe(200); // still served, from PostgreSQL
    const disabled = await t.request('PATCH', `/api/v1/users/${viewer}`, {
      token: t.tokens.admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect((await me(t.tokens.viewer)).status).toBe(401);
    await redis.start();
    expect((await me(t.tokens.viewer)).status).toBe(401);
    expect((await me(t.tokens.operator)).status).toBe(200);
  });
});

describe('revocation with Redis written by someone else', () => {
  it('refuses a revoked token after Redis is set back to its old version', async () => {
    const raw = new Redis(redis.url);
    try {
      const operator = (await me(t.tokens.operator)).body.id as number;
      const key = `${t.redisPrefix}auth:token-version:${operator}`;
      // The version the token carries, cached by a request once the API is back on Redis.
      const before = await waitFor(async () => {
        expect((await me(t.tokens.operator)).status).toBe(200);
        return (await raw.get(key)) ?? undefined;
      }, 'the API caching the version again');
      const reset = await t.request('POST', `/api/v1/users/${operator}/password`, {
        token: t.tokens.admin,
        body: { password: 'a-new-operator-password-1234' },
      });
      expect(reset.status).toBe(200);
      expect(Number(await raw.get(key))).toBe(Number(before) + 1);
      expect((await me(t.tokens.operator)).status).toBe(401);

      // Someone with access to Redis writes the old version back (or drops the key and writes it).
      await raw.set(key, before, 'EX', 3600);
      expect((await me(t.tokens.operator)).status).toBe(401);
      await raw.del(key);
      await raw.set(key, before, 'EX', 3600);
      expect((await me(t.tokens.operator)).status).toBe(401);
      // And the cache is put right again: it holds PostgreSQL's version.
      expect(Number(await raw.get(key))).toBe(Number(before) + 1);
      expect((await me(t.tokens.admin)).status).toBe(200);
    } finally {
      raw.disconnect();
    }
  });
});
