import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../lib/db/pool.ts';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type SlackReceiver, startSlackReceiver } from '../lib/testing/slack-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../lib/testing/smtp-sink.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { notifierEnv, testTokens } from './testing/env.ts';
import { bearer, namedAlert } from './testing/fixtures.ts';
import { metricValue, sampleValue } from './testing/metrics.ts';

let db: TestDatabase;
let pool: Pool;
let slack: SlackReceiver;
let smtp: SmtpSink;
const running = new Set<RunningService>();

beforeAll(async () => {
  db = await createTestDatabase('notifier_chaos');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-chaos-test', max: 2 });
  // Dropping the database ends connections pool.end() let go of but has not closed yet.
  pool.on('error', () => undefined);
  [slack, smtp] = await Promise.all([startSlackReceiver(), startSmtpSink()]);
});
afterAll(async () => {
  for (const service of running) await service.stop();
  await Promise.all([slack?.close(), smtp?.close()]);
  await pool?.end();
  await db?.drop();
});

async function start(): Promise<RunningService> {
  const service = await startNotifier(
    notifierEnv(db.url, {
      SLACK_WEBHOOK_URL_ONCALL: slack.webhookUrl('oncall'),
      SMTP_URL: smtp.url,
      EMAIL_TO_ONCALL: 'oncall@port.test',
      // Long enough that a real answer under load is not mistaken for silence (that would duplicate:
      // 2 s let four mails through twice in a run at load 10, 2026-12-07).
      NOTIFIER_SEND_TIMEOUT_MS: '5000',
      NOTIFIER_SLACK_INTERVAL_MS: '50',
    }),
  );
  running.add(service);
  return service;
}
async function stop(service: RunningService) {
  await service.stop();
  running.delete(service);
}

const metricNames = ['received', 'delivered', 'failed', 'retried', 'dead_lettered'] as const;
type Counts = Record<(typeof metricNames)[number], { slack: number; email: number; oncall: number }>;

/** The counters of one notifier instance (each process has its own; totals add up across restarts). */
async function counters(service: RunningService): Promise<Counts> {
  // One scrape, so the counters are consistent with each other.
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const out = {} as Counts;
  for (const name of metricNames) {
    const metric = `porttrack_notifier_${name}_total`;
    out[name] = {
      slack: sampleValue(text, metric, { channel: 'slack' }),
      email: sampleValue(text, metric, { channel: 'email' }),
      oncall: sampleValue(text, metric, { receiver: 'oncall' }),
    };
  }
  return out;
}
const add = (a: Counts, b: Counts) =>
  Object.fromEntries(
    metricNames.map((n) => [
      n,
      { slack: a[n].slack + b[n].slack, email: a[n].email + b[n].email, oncall: a[n].oncall + b[n].oncall },
    ]),
  ) as Counts;

async function attemptsByChannel(): Promise<{ slack: number; email: number }> {
  const { rows } = await pool.query<{ channel: 'slack' | 'email'; n: number }>(
    `SELECT channel, sum(attempts)::int AS n FROM notifier_deliveries GROUP BY channel`,
  );
  return { slack: 0, email: 0, ...Object.fromEntries(rows.map((r) => [r.channel, r.n])) };
}

const notifications = Array.from({ length: 6 }, (_, i) => namedAlert(`ChaosAlert${i}`, `chaos${i}`));
const post = (service: RunningService, body: unknown) =>
  fetch(`${service.url}/alertmanager/oncall`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(testTokens.alertmanager) },
    body: JSON.stringify(body),
  });

describe('chaos: Slack and SMTP down, notifier restarted with work pending', () => {
  it('delivers every notification exactly once per channel after recovery, and the metrics agree', async () => {
    // 1. Both channels down: Slack does not answer at all, the SMTP relay refuses connections.
    slack.setMode({ kind: 'hang' });
    await smtp.pause();
    const first = await start();
    for (const n of notifications) expect((await post(first, n)).status).toBe(202);
    await waitFor(
      async () => {
        const c = await counters(first);
        return c.failed.slack >= 1 && c.failed.email >= 2;
      },
      'failed attempts on both channels',
      // A hung Slack fails an attempt only at the send timeout.
      20_000,
      100,
    );
    expect(await metricValue(first.url, 'porttrack_notifier_queue_depth', { channel: 'slack' })).toBe(6);
    expect(await metricValue(first.url, 'porttrack_notifier_queue_depth', { channel: 'email' })).toBe(6);
    const before = await counters(first);
    expect(before.delivered).toEqual({ slack: 0, email: 0, oncall: 0 });

    // 2. Restart while everything is pending; Alertmanager retries against the new process.
    await stop(first);
    // Stopping waited for the sends in flight; every request from here on is the new processes'.
    const requestsBeforeRestart = slack.requests.length;
    const attemptsAtRestart = await attemptsByChannel();
    expect(attemptsAtRestart.slack).toBe(requestsBeforeRestart);
    // The first process may fail a few more attempts between its last scrape and its stop.
    expect(before.failed.slack).toBeLessThanOrEqual(attemptsAtRestart.slack);
    expect(before.failed.email).toBeLessThanOrEqual(attemptsAtRestart.email);
    slack.setMode({ kind: 'error', status: 503, body: 'service_unavailable' });
    // Two replicas share the outbox from now on.
    const [a, b] = await Promise.all([start(), start()]);
    for (const n of notifications)
      expect((await post(n.alerts[0]!.fingerprint.endsWith('1') ? a : b, n)).status).toBe(200);
    await waitFor(
      async () => (await counters(a)).failed.slack + (await counters(b)).failed.slack >= 1,
      'a failed Slack attempt after the restart',
      10_000,
      100,
    );

    // 3. Recovery.
    slack.setMode({ kind: 'ok' });
    await smtp.resume();
    const recoveredAt = Date.now();
    await slack.waitForMessages(6, 15_000);
    await smtp.waitForMails(6, 15_000);
    console.error(`chaos: all 12 deliveries done ${Date.now() - recoveredAt} ms after recovery`);
    await waitFor(
      async () =>
        (await metricValue(a.url, 'porttrack_notifier_queue_depth', { channel: 'slack' })) === 0 &&
        (await metricValue(a.url, 'porttrack_notifier_queue_depth', { channel: 'email' })) === 0,
      'an empty queue',
      5000,
      100,
    );
    await new Promise((r) => setTimeout(r, 500)); // time for any duplicate to show up

    // Exactly once per channel.
    const expected = notifications.map((_, i) => `[FIRING:1] ChaosAlert${i} (api)`).sort();
    expect(slack.messages.map((m) => m.text?.replace(/^🔴 /, '')).sort()).toEqual(expected);
    expect(smtp.mails.map((m) => m.parsed.subject).sort()).toEqual(expected);
    const { rows } = await pool.query(
      `SELECT state, count(*)::int AS n FROM notifier_deliveries GROUP BY state`,
    );
    expect(rows).toEqual([{ state: 'delivered', n: 12 }]);

    // The counts match the metrics, summed over the three processes.
    const total = add(before, add(await counters(a), await counters(b)));
    console.error(`chaos metrics: ${JSON.stringify(total)}`);
    expect(total.delivered).toEqual({ slack: 6, email: 6, oncall: 0 });
    expect(total.received.oncall).toBe(12);
    expect(total.dead_lettered).toEqual({ slack: 0, email: 0, oncall: 0 });
    expect(total.retried.slack).toBe(total.failed.slack);
    expect(total.retried.email).toBe(total.failed.email);
    // After the restart, every attempt the store recorded is one the metrics counted and, for Slack,
    // one request the receiver saw.
    const after = add(await counters(a), await counters(b));
    const final = await attemptsByChannel();
    const slackAfter = slack.requests.slice(requestsBeforeRestart);
    expect(after.failed.slack).toBe(slackAfter.filter((r) => r.status !== 200).length);
    expect(final.slack - attemptsAtRestart.slack).toBe(slackAfter.length);
    expect(final.slack - attemptsAtRestart.slack).toBe(after.failed.slack + after.delivered.slack);
    expect(final.email - attemptsAtRestart.email).toBe(after.failed.email + after.delivered.email);
  }, 60_000); // two hung send timeouts and the recovery, on a loaded machine
});
