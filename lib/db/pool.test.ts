import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../testing/database.ts';
import { startTcpRelay, type TcpRelay } from '../testing/tcp-relay.ts';
import { createPool } from './pool.ts';

let relay: TcpRelay;
beforeAll(async () => {
  const target = new URL(adminUrl);
  relay = await startTcpRelay({ host: target.hostname, port: Number(target.port || 5432) });
});
afterAll(() => relay?.close());

describe('createPool', () => {
  it('survives a connection cut while a client is checked out and its query runs', async () => {
    const url = new URL(adminUrl);
    url.port = String(relay.port);
    const pool = createPool({ connectionString: url.toString(), applicationName: 'pool-test', max: 1 });
    try {
      const client = await pool.connect();
      // Without a listener of ours, the cut below is an uncaught exception (vitest fails the run).
      expect(client.listenerCount('error')).toBeGreaterThan(0);
      const running = client.query('SELECT pg_sleep(5)');
      relay.set('down');
      await expect(running).rejects.toThrow();
      client.release(true);
      relay.set('up');
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      relay.set('up');
      await pool.end();
    }
  });
});
