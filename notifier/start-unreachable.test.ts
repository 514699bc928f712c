import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { startTcpRelay, type TcpRelay } from '../lib/testing/tcp-relay.ts';
import { startNotifier } from './server.ts';
import { notifierEnv } from './testing/env.ts';

// A notifier task started while PostgreSQL is not reachable yet (a just-promoted standby whose
// DNS record had not reached the new task: the Swarm test saw `getaddrinfo ENOTFOUND` and Swarm
// rolled the update back) waits for it instead of exiting. The database is reached through a
// relay the test holds down, so the machine's shared server is never touched.

let db: TestDatabase;
let relay: TcpRelay;
let notifier: RunningService | undefined;

beforeAll(async () => {
  db = await createTestDatabase('notifier_start_unreachable');
  const url = new URL(db.url);
  relay = await startTcpRelay({ host: url.hostname, port: Number(url.port || 5432) });
});
afterAll(async () => {
  await notifier?.stop();
  await relay?.close();
  await db?.drop();
});

describe('notifier start-up with PostgreSQL not reachable yet', () => {
  it('waits for the database, then starts and serves', async () => {
    relay.set('down');
    const url = new URL(db.url);
    url.host = `127.0.0.1:${relay.port}`;
    let settled = false;
    const starting = startNotifier(notifierEnv(url.toString())).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // Still trying: it neither gave up nor started without its outbox.
    expect(settled).toBe(false);
    relay.set('up');
    notifier = await starting;
    const res = await fetch(`${notifier.url}/healthz`);
    expect(res.status).toBe(200);
  }, 30_000);
});
