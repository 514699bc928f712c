import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, vesselBody } from './testing/test-api.ts';

// A replica whose connection pool is briefly full (every client busy longer than the connect
// timeout: a burst on a starved CPU, as a fresh task meets during a rolling update) is busy, not
// cut off from its database: requests wait for a client within their deadline, and the circuit
// that answers 503 at once while PostgreSQL is away stays closed.
let t: TestApi;
let mmsi: string;
beforeAll(async () => {
  t = await startTestApi('pool_busy', { PORTTRACK_DB_POOL_MAX: '2', PORTTRACK_DB_CONNECT_TIMEOUT_MS: '200' });
  const vessel = vesselBody();
  mmsi = vessel.mmsi as string;
  const created = await t.request('POST', '/api/v1/vessels', { token: t.tokens.admin, body: vessel });
  expect(created.status).toBe(201);
});
afterAll(() => t?.close());

describe('a full connection pool', () => {
  it('makes requests wait for a client, never answers 503, and leaves the circuit closed', async () => {
    // Another session holds the vessels table: the API's queries on it block, holding both clients.
    const holder = new pg.Client({ connectionString: t.database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE vessels IN ACCESS EXCLUSIVE MODE');
    const read = () => t.request('GET', '/api/v1/vessels?limit=5', { token: t.tokens.viewer });
    const write = () =>
      t.request('POST', '/api/v1/positions', {
        token: t.tokens.operator,
        body: [{ mmsi, ts: new Date().toISOString(), lat: 36.1, lon: -5.3 }],
      });
    // Two take the clients and block; three wait in the queue past the 200 ms connect timeout.
    const waiting = [read(), write(), read(), write(), read()];
    await new Promise((r) => setTimeout(r, 700));
    await holder.query('COMMIT');
    await holder.end();
    const answers = await Promise.all(waiting);
    // Right after: a circuit opened by the wait would answer 503 here for a second.
    const after = await Promise.all([write(), read()]);
    expect({
      during: answers.map((a) => [a.status, a.body?.reason]),
      after: after.map((a) => [a.status, a.body?.reason]),
    }).toEqual({
      during: [
        [200, undefined],
        [200, undefined],
        [200, undefined],
        [200, undefined],
        [200, undefined],
      ],
      after: [
        [200, undefined],
        [200, undefined],
      ],
    });
  });
});
