import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedis, type OwnRedis } from '../lib/testing/redis-server.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Revocation prefers correctness to the cache: with Redis away the token version comes from
// PostgreSQL, and a Redis that comes back empty (or missed the bump) cannot revive a token.
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
