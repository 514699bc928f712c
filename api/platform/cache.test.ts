import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeys, redisUrl } from '../testing/test-api.ts';
import { connectRedisCache, createMemoryCache, type Cache } from './cache.ts';

const prefix = `pttest:${randomBytes(4).toString('hex')}:`;
afterAll(() => deleteKeys(prefix));

describe.each([
  ['redis', () => connectRedisCache(redisUrl, prefix)],
  ['memory', async () => createMemoryCache()],
])('%s cache', (_name, connect: () => Promise<Cache>) => {
  it('keeps the newest version of each field, whatever order the writes arrive in', async () => {
    const cache = await connect();
    try {
      await cache.hashSetNewer('latest', [
        { field: 'a', version: 20, value: 'a20' },
        { field: 'b', version: 5, value: 'b5' },
      ]);
      await cache.hashSetNewer('latest', [
        { field: 'a', version: 10, value: 'a10' },
        { field: 'b', version: 6, value: 'b6' },
        { field: 'c', version: 1, value: 'c1' },
      ]);
      expect(await cache.hashGetAll('latest')).toEqual({ a: 'a20', b: 'b6', c: 'c1' });
    } finally {
      await cache.close();
    }
  });

  it('keeps the larger number under a key until it expires (token versions)', async () => {
    const cache = await connect();
    try {
      await cache.setNewer('version', 3, 60);
      await cache.setNewer('version', 2, 60); // a replica filling in what it read before the bump
      expect(await cache.getNumber('version')).toBe(3);
      await cache.setNewer('version', 4, 1);
      expect(await cache.getNumber('version')).toBe(4);
      expect(await cache.getNumber('absent')).toBeUndefined();
      await new Promise((r) => setTimeout(r, 1100));
      expect(await cache.getNumber('version')).toBeUndefined();
    } finally {
      await cache.close();
    }
  });

  it('delivers published messages to subscribers and reports how many received them', async () => {
    const cache = await connect();
    try {
      const received: string[] = [];
      const off = await cache.subscribe('events', (m) => received.push(m));
      expect(await cache.publish('events', 'one')).toBe(1);
      for (let i = 0; i < 20 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      await off();
      expect(await cache.publish('events', 'two')).toBe(0);
      expect(received).toEqual(['one']);
    } finally {
      await cache.close();
    }
  });
});
