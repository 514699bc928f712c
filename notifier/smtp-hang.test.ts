import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../lib/db/pool.ts';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type SmtpSink, startSmtpSink } from '../lib/testing/smtp-sink.ts';
import { startTcpRelay, type TcpRelay } from '../lib/testing/tcp-relay.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { notifierEnv, testTokens } from './testing/env.ts';
import { bearer, namedAlert } from './testing/fixtures.ts';

// An SMTP relay that hangs mid-send by trickling its replies: each one comes just inside
// nodemailer's per-phase socket timeout, so only an overall deadline per send notices. The relay
// stays that slow for longer than the outbox lease: a send outliving its lease would let the
// second replica claim and send the same notification again.
const sendTimeoutMs = 3000;
const leaseMs = sendTimeoutMs + 10_000; // the smallest lease the notifier accepts
const replyDelayMs = 2700; // under the per-phase timeout
// Longer than the lease, and than a whole send without the deadline: four replies on a fresh
// connection (greeting, EHLO, the pipelined MAIL, RCPT and DATA, end of data).
const hungSessionMs = 6 * replyDelayMs;

let db: TestDatabase;
let pool: Pool;
let smtp: SmtpSink;
let relay: TcpRelay;
const running: RunningService[] = [];

beforeAll(async () => {
  db = await createTestDatabase('notifier_smtp_hang');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-smtp-hang-test', max: 2 });
  pool.on('error', () => undefined);
  smtp = await startSmtpSink();
  relay = await startTcpRelay({ host: '127.0.0.1', port: smtp.port });
});
afterAll(async () => {
  for (const service of running) await service.stop();
  await relay?.close();
  await smtp?.close();
  await pool?.end();
  await db?.drop();
});

const notifications = Array.from({ length: 3 }, (_, i) => namedAlert(`HangAlert${i}`, `hang${i}`));

describe('SMTP relay hanging mid-send, two replicas sharing the outbox', { timeout: 90_000 }, () => {
  it('delivers each acknowledged notification exactly once', async () => {
    relay.set('slow', replyDelayMs);
    for (let i = 0; i < 2; i++)
      running.push(
        await startNotifier(
          notifierEnv(db.url, {
            SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
            EMAIL_TO_ONCALL: 'oncall@port.test',
            NOTIFIER_SEND_TIMEOUT_MS: String(sendTimeoutMs),
            NOTIFIER_LEASE_MS: String(leaseMs),
          }),
        ),
      );
    for (const [i, n] of notifications.entries()) {
      const answer = await fetch(`${running[i % 2]!.url}/alertmanager/oncall`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(testTokens.alertmanager) },
        body: JSON.stringify(n),
      });
      expect(answer.status).toBe(202);
    }
    await new Promise((r) => setTimeout(r, hungSessionMs + 2000));
    const whileSlow = await pool.query<{ retried: number; delivered: number }>(
      `SELECT count(*) FILTER (WHERE state = 'pending' AND attempts > 0)::int AS retried,
              count(*) FILTER (WHERE state = 'delivered')::int AS delivered
       FROM notifier_deliveries`,
    );
    // Sends reached the deadline while hanging (retries were recorded), none was waited out.
    expect(whileSlow.rows[0]!.retried).toBeGreaterThan(0);
    expect(whileSlow.rows[0]!.delivered).toBe(0);
    // Healthy again, as a restarted relay: sessions started while it trickled end here. (A send
    // given up on after the relay took the whole message, but before its answer came, is the one
    // case SMTP itself cannot tell apart from a lost one; it is retried, so at least once.) A send
    // cut before the greeting is requeued by the pool under its old deadline, which a relay healthy
    // at once could let pass mid-delivery under load (a duplicate at load 17): sessions opened for
    // one more send timeout still trickle, so only sends with a whole deadline ahead reach it.
    relay.set('down');
    relay.set('stall-new', replyDelayMs);
    await new Promise((r) => setTimeout(r, sendTimeoutMs + 1000));
    relay.set('up');
    await waitFor(
      async () =>
        (await pool.query(`SELECT count(*)::int AS n FROM notifier_deliveries WHERE state = 'delivered'`))
          .rows[0].n === notifications.length,
      'every delivery marked delivered',
      40_000,
      100,
    );
    // A send abandoned at its deadline had its connection closed: nothing arrives late.
    await new Promise((r) => setTimeout(r, replyDelayMs * 2));
    expect(smtp.mails.map((m) => m.parsed.subject).sort()).toEqual(
      notifications.map((_, i) => `[FIRING:1] HangAlert${i} (api)`).sort(),
    );
  });
});
