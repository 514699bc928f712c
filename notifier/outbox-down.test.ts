import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { startTcpRelay, type TcpRelay } from '../lib/testing/tcp-relay.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { notifierEnv, testTokens } from './testing/env.ts';
import { bearer, namedAlert } from './testing/fixtures.ts';
import { sampleValue } from './testing/metrics.ts';

// The outbox's PostgreSQL lost (its Swarm node gone): the notifier answers webhooks 503, so no
// page goes out, yet it still answers its scrapes, so NotifierDown stays quiet. Its
// porttrack_notifier_outbox_up says so for NotifierOutboxDown, which Alertmanager mails itself.
// The database is reached through a relay the test cuts, so the machine's shared server is never
// touched. PORTTRACK_TEST_PORT (optional): the relay listens on it and the notifier on the next
// one, for a machine that reserves a port range; free ports otherwise.

const basePort = Number(process.env.PORTTRACK_TEST_PORT ?? 0);
let db: TestDatabase;
let relay: TcpRelay;
let notifier: RunningService | undefined;

beforeAll(async () => {
  db = await createTestDatabase('notifier_outbox_down');
  const url = new URL(db.url);
  relay = await startTcpRelay({ host: url.hostname, port: Number(url.port || 5432) }, basePort);
  url.host = `127.0.0.1:${relay.port}`;
  notifier = await startNotifier(
    notifierEnv(url.toString(), { NOTIFIER_PORT: String(basePort ? basePort + 1 : 0) }),
  );
});
afterAll(async () => {
  relay?.set('up');
  await notifier?.stop();
  await relay?.close();
  await db?.drop();
});

/** One scrape: the gauge as Prometheus would read it (undefined when the series is missing). */
async function outboxUp(service: RunningService): Promise<number | undefined> {
  const res = await fetch(`${service.url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  if (!/^porttrack_notifier_outbox_up \S+$/m.test(text)) return undefined;
  return sampleValue(text, 'porttrack_notifier_outbox_up');
}
const post = (service: RunningService, name: string) =>
  fetch(`${service.url}/alertmanager/oncall`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(testTokens.alertmanager) },
    body: JSON.stringify(namedAlert(name)),
  });

describe('porttrack_notifier_outbox_up', () => {
  it('is 1 while the outbox answers, 0 while it is cut off (scrapes still answered), 1 again after', async () => {
    const service = notifier!;
    expect(await outboxUp(service)).toBe(1);
    expect((await post(service, 'BeforeCut')).status).toBe(202);

    relay.set('down');
    // The scrape still succeeds: only the gauge tells that nothing can be paged.
    await waitFor(
      async () => (await outboxUp(service)) === 0,
      'outbox_up 0 with the database cut',
      15_000,
      200,
    );
    expect((await post(service, 'WhileCut')).status).toBe(503);
    // It stays 0 on later scrapes (after the 500 ms the scrapes share a query for).
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await outboxUp(service)).toBe(0);

    relay.set('up');
    await waitFor(async () => (await outboxUp(service)) === 1, 'outbox_up 1 after the restore', 15_000, 200);
    expect((await post(service, 'AfterRestore')).status).toBe(202);
  }, 45_000);
});
