import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { waitFor } from '../lib/testing/wait.ts';
import { startFaultRig, type FaultRig } from './testing/fault-rig.ts';

// The API keeps serving through dependency faults: its own Redis server that the test stops, and
// PostgreSQL behind a relay the test cuts. The machine's shared services are never touched.
let rig: FaultRig;
let t: FaultRig['t'];
let redis: FaultRig['redis'];
let relay: FaultRig['relay'];
beforeAll(async () => {
  rig = await startFaultRig('degrade', { PORTTRACK_RATE_LIMIT_PER_MINUTE: '10000' });
  ({ t, redis, relay } = rig);
});
afterAll(async () => {
  await rig?.close();
});

const get = (path: string) => t.request('GET', path, { token: t.tokens.viewer });

describe('Redis away', () => {
  it('serves reads and writes with 0 failures, limits in memory, and goes back to Redis', async () => {
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await get('/api/v1/vessels')).status);
      statuses.push((await get('/api/v1/positions/latest')).status);
    }
    const ingest = await t.request('POST', '/api/v1/positions', {
      token: t.tokens.operator,
      body: [{ mmsi: rig.mmsi, ts: new Date().toISOString(), lat: 36.1, lon: -5.3 }],
    });
    statuses.push(ingest.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Rate limiting still answers (in memory): the headers are there.
    expect((await get('/api/v1/vessels')).headers.get('ratelimit')).toMatch(/limit=10000/);

    await redis.start();
    await waitFor(async () => {
      await get('/api/v1/vessels');
      const client = new (await import('ioredis')).Redis(redis.url);
      try {
        return (await client.keys(`${t.redisPrefix}rl:api:*`)).length > 0;
      } finally {
        client.disconnect();
      }
    }, 'rate-limit counts back in Redis');
  });
});

describe('PostgreSQL away', () => {
  it('answers 503 with Retry-After at once, stays alive, and recovers by itself', async () => {
    relay.set('down');
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const answer = await get('/api/v1/vessels');
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.body.reason).toBe('database_unavailable');
      // Fails fast: well inside the connect timeout, never a hanging socket.
      expect(Date.now() - started).toBeLessThan(2500);
    }
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    expect((await t.request('GET', '/readyz')).status).toBe(503);
    relay.set('up');
    await waitFor(async () => (await get('/api/v1/vessels')).status === 200, 'the API serving again', 10_000);
  });
});

describe('timeouts and cancellation', () => {
  // A transaction of the test's own holds a lock the API's query waits for, server side.
  async function holdingVesselsLock<T>(fn: () => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE vessels IN ACCESS EXCLUSIVE MODE');
      return await fn();
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  }
  const waitingApiQueries = async () =>
    (
      await t.pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'porttrack-api' AND state = 'active'
           AND query LIKE '%FROM vessels%'`,
      )
    ).rows[0].n as number;

  // Pages no earlier request asked for: a page asked before is answered from the bytes kept for
  // it (api/platform/versioned-answers.ts), which reads only the change counter, not vessels.
  it('a statement over the timeout answers 503 with Retry-After', async () => {
    const answer = await holdingVesselsLock(() => get('/api/v1/vessels?limit=7'));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).not.toBeNull();
  });

  it('cancels the query when the client goes away', async () => {
    await holdingVesselsLock(async () => {
      const controller = new AbortController();
      const pending = fetch(`${t.api.url}/api/v1/vessels?limit=8`, {
        headers: { authorization: `Bearer ${t.tokens.viewer}` },
        signal: controller.signal,
      }).catch(() => undefined);
      await waitFor(async () => (await waitingApiQueries()) > 0, 'the API query waiting on the lock', 1500);
      controller.abort();
      await pending;
      // Gone well before the 2 s statement timeout would have ended it.
      await waitFor(async () => (await waitingApiQueries()) === 0, 'the API query cancelled', 1200);
    });
    expect((await get('/api/v1/vessels')).status).toBe(200);
  });
});
