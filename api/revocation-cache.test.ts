import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedis, type OwnRedis } from '../lib/testing/redis-server.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Whoever can write Redis must not revive a revoked token: the cached token version can raise
// what PostgreSQL says, never lower it (domain/auth/token-versions.ts).
let redis: OwnRedis;
let raw: Redis;
let t: TestApi;
beforeAll(async () => {
  redis = await startOwnRedis();
  raw = new Redis(redis.url);
  t = await startTestApi('revocation_cache', { REDIS_URL: redis.url });
});
afterAll(async () => {
  raw?.disconnect();
  await t?.close();
  await redis?.close();
});

const me = (token: string) => t.request('GET', '/api/v1/auth/me', { token });

describe('revocation cache', () => {
  it('refuses a revoked token after Redis is set back to its old version', async () => {
    const viewer = (await me(t.tokens.viewer)).body.id as number;
    const key = `${t.redisPrefix}auth:token-version:${viewer}`;
    const before = await raw.get(key);
    expect(before).not.toBeNull(); // the version the token carries, cached by that request
    const reset = await t.request('POST', `/api/v1/users/${viewer}/password`, {
      token: t.tokens.admin,
      body: { password: 'a-new-viewer-password-1234' },
    });
    expect(reset.status).toBe(200);
    expect(Number(await raw.get(key))).toBe(Number(before) + 1);
    expect((await me(t.tokens.viewer)).status).toBe(401);

    // Someone with access to Redis writes the old version back (or drops the key and writes it).
    await raw.set(key, before!, 'EX', 3600);
    expect((await me(t.tokens.viewer)).status).toBe(401);
    await raw.del(key);
    await raw.set(key, before!, 'EX', 3600);
    expect((await me(t.tokens.viewer)).status).toBe(401);
    // And the cache is put right again: it holds PostgreSQL's version.
    expect(Number(await raw.get(key))).toBe(Number(before) + 1);
    expect((await me(t.tokens.operator)).status).toBe(200);
  });
});
