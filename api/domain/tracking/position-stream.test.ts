import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../lib/logger.ts';
import { startOwnRedis, type OwnRedis } from '../../../lib/testing/redis-server.ts';
import { waitFor } from '../../../lib/testing/wait.ts';
import { type Cache, connectRedisCache } from '../../platform/cache.ts';
import { PositionStream } from './position-stream.ts';
import type { LatestPosition } from './store.ts';
import { readUntil } from '../../testing/read-until.ts';

// A live stream that joins while the subscription to Redis is being retried (Redis away) must
// get its heartbeats and, once Redis is back, its positions, even when the last other stream
// leaves while it waits: that stops the heartbeat and the subscription it was waiting for.
let redis: OwnRedis;
let cache: Cache;
let stream: PositionStream;
let url: string;
let close: () => void;
let nextUser = 1;
beforeAll(async () => {
  redis = await startOwnRedis();
  cache = await connectRedisCache(redis.url, `stream-test:${process.pid}:`);
  const logger = createLogger({ service: 'stream-test', nodeEnv: 'test', level: 'silent' });
  stream = new PositionStream(cache, logger, {
    maxClients: 20,
    maxPerUser: 5,
    bufferBytes: 65_536,
    heartbeatMs: 200,
  });
  const app = express();
  app.get('/stream', (_req, res) => {
    stream.add(res, { userId: nextUser++, version: 1, untilMs: Date.now() + 120_000 }).catch(() => res.end());
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
  close = () => {
    stream.closeAll();
    server.closeAllConnections();
    server.close();
  };
});
afterAll(async () => {
  close?.();
  await cache?.close();
  await redis?.close();
});

/** Opens a stream; `answered` resolves once its headers arrive (it joined). */
function open() {
  const controller = new AbortController();
  const answered = fetch(url, { signal: controller.signal });
  answered.catch(() => undefined);
  return { answered, close: () => controller.abort() };
}

const waiting = (answered: Promise<Response>, ms: number) =>
  Promise.race([answered.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);

describe('position stream while Redis resubscribes', () => {
  it('gives a stream that joined during a retried subscription its heartbeats and positions', async () => {
    await redis.stop();
    const first = open();
    // Redis is away: the subscription fails, the stream is served anyway, and retries every second.
    const firstRes = await first.answered;
    expect(await readUntil(firstRes, ': connected', 5000)).toContain(': connected');
    // Join while a retry is under way (it waits for the subscription), then the first one leaves.
    let second: ReturnType<typeof open> | undefined;
    for (let attempt = 0; attempt < 80 && !second; attempt++) {
      const candidate = open();
      if (await waiting(candidate.answered, 150)) second = candidate;
      else {
        candidate.close();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(second, 'a stream joining while the subscription is retried').toBeDefined();
    first.close();
    await waitFor(() => stream.size === 0, 'the first stream gone');

    const secondRes = await second!.answered;
    const beats = await readUntil(secondRes, ': heartbeat', 3000);
    expect(beats).toContain(': heartbeat');

    await redis.start();
    const row = { mmsi: '999000111', lat: 36.1, lon: -5.3 } as unknown as LatestPosition;
    const received = await waitFor(
      async () => {
        await stream.publish([row]).catch(() => undefined); // until the API's own connection is back
        const text = await readUntil(secondRes, 'event: position', 500);
        return text.includes('999000111') ? text : undefined;
      },
      'a position after Redis returned',
      15_000,
      100,
    );
    expect(received).toContain('event: position');
    second!.close();
  });
});
