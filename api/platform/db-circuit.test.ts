import pg from 'pg';
import { Histogram, Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { startTcpRelay, type TcpRelay } from '../../lib/testing/tcp-relay.ts';
import { createDb, type Db } from './db.ts';

// The circuit answers 503 at once while the database is away. A new connection that merely timed
// out (the handshake slower than the connect timeout: a CPU taken by a task starting beside the
// API) is no such proof while the database answers on the connections already open: the request
// waits on within its deadline, and the circuit stays closed.
const connectTimeoutMs = 300;
let database: TestDatabase;
let relay: TcpRelay;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  database = await createTestDatabase('db_circuit');
  const url = new URL(database.url);
  relay = await startTcpRelay({ host: url.hostname, port: Number(url.port || 5432) });
});
afterEach(async () => {
  relay.set('up');
  await Promise.all(pools.splice(0).map((p) => p.end()));
});
afterAll(async () => {
  await relay?.close();
  await database?.drop();
});

function dbThroughRelay(suspectAfterMs: number, user?: string): Db {
  const url = new URL(database.url);
  url.host = `127.0.0.1:${relay.port}`;
  if (user) url.username = user;
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 4,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  pool.on('error', () => undefined);
  pools.push(pool);
  const duration = new Histogram({
    name: 'q',
    help: 'q',
    labelNames: ['operation'],
    registers: [new Registry()],
  });
  return createDb(pool, duration, { suspectAfterMs, poolWaitMs: 5000 });
}

const outcome = (query: Promise<unknown>) =>
  query.then(
    () => 'answered',
    (err: { status?: number; extra?: { reason?: string } }) => `${err.status} ${err.extra?.reason}`,
  );

/**
 * Two queries at once on a pool holding one open client: the second needs a new connection,
 * which fails momentarily; it must take the first one's client once free, and the circuit must
 * stay closed (an open one would answer 503 at once afterwards).
 */
async function expectSecondQueryRidesItOut(db: Db) {
  const answers = await Promise.all([
    outcome(db.query('slow', 'SELECT pg_sleep(0.5)')),
    outcome(db.query('second', 'SELECT 1')),
  ]);
  expect(answers).toEqual(['answered', 'answered']);
  expect(await outcome(db.query('after', 'SELECT 1'))).toBe('answered');
}

describe('the database circuit', () => {
  it('keeps it closed when a new connection times out while the open ones answer', async () => {
    const db = dbThroughRelay(5000);
    await db.query('warm', 'SELECT 1');
    // New connections now hang past the connect timeout; the pool's one open client still answers.
    relay.set('stall-new', 10_000);
    await expectSecondQueryRidesItOut(db);
  });

  it('keeps it closed when PostgreSQL refuses a connection at its limit while the open one answers', async () => {
    // A role allowed one connection: a second is refused with 53300, as at max_connections.
    const role = `${database.name}_one`;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 1`);
    try {
      const db = dbThroughRelay(5000, role);
      await db.query('warm', 'SELECT 1');
      await expectSecondQueryRidesItOut(db);
    } finally {
      await Promise.all(pools.splice(0).map((p) => p.end()));
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  it('opens it when connections time out and nothing has answered for the suspect time', async () => {
    const db = dbThroughRelay(200);
    relay.set('stall-new', 10_000);
    await new Promise((r) => setTimeout(r, 250));
    expect(await outcome(db.query('first', 'SELECT 1'))).toBe('503 database_unavailable');
    const started = Date.now();
    expect(await outcome(db.query('next', 'SELECT 1'))).toBe('503 database_unavailable');
    // Failed at once (the circuit), not after another connect timeout.
    expect(Date.now() - started).toBeLessThan(connectTimeoutMs);
  });

  it('opens it at once when the database refuses connections', async () => {
    const db = dbThroughRelay(60_000);
    relay.set('down');
    expect(await outcome(db.query('first', 'SELECT 1'))).toBe('503 database_unavailable');
    relay.set('up');
    const started = Date.now();
    expect(await outcome(db.query('next', 'SELECT 1'))).toBe('503 database_unavailable');
    expect(Date.now() - started).toBeLessThan(connectTimeoutMs);
  });
});
