import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type RoundRobinRelay, startRoundRobinRelay } from '../lib/testing/round-robin-relay.ts';
import { type SlackReceiver, startSlackReceiver } from '../lib/testing/slack-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../lib/testing/smtp-sink.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { oncallConfig, startAlertmanager, type TestAlertmanager } from './testing/alertmanager.ts';
import { notifierEnv, testTokens } from './testing/env.ts';

// Chaos with the real Alertmanager 0.25 sending: Slack answers 503, then 429 with Retry-After;
// the SMTP relay refuses connections; one of two notifier replicas (behind a round-robin relay,
// as Swarm's DNS round robin) restarts on a new port. Alertmanager retries, the notifier stores
// and delivers; every notification must arrive exactly once per channel, resolved after firing.
const config = (notifierUrl: string) =>
  oncallConfig(notifierUrl, { groupBy: ['alertname'], repeatInterval: '1h' });

let db: TestDatabase;
let slack: SlackReceiver;
let smtp: SmtpSink;
let relay: RoundRobinRelay;
let am: TestAlertmanager;
const replicas: RunningService[] = [];

const startReplica = async () => {
  const service = await startNotifier(
    notifierEnv(db.url, {
      ALERTMANAGER_URL: undefined,
      SLACK_WEBHOOK_URL_ONCALL: slack.webhookUrl('oncall'),
      SMTP_URL: smtp.url,
      EMAIL_TO_ONCALL: 'oncall@port.test',
      NOTIFIER_SEND_TIMEOUT_MS: '2000',
      NOTIFIER_SLACK_INTERVAL_MS: '50',
    }),
  );
  replicas.push(service);
  return service;
};
let db$: pg.Pool | undefined;
const pool = () => {
  if (db$) return db$;
  db$ = new pg.Pool({ connectionString: db.url, max: 1 });
  // Dropping the database ends connections pool.end() let go of but has not closed yet (an
  // unhandled 57P01 in a run of 2026-12-07 otherwise).
  db$.on('error', () => undefined);
  return db$;
};
const portOf = (service: RunningService) => Number(new URL(service.url).port);

beforeAll(async () => {
  db = await createTestDatabase('notifier_chaos_am');
  [slack, smtp] = await Promise.all([startSlackReceiver(), startSmtpSink()]);
  const [a, b] = [await startReplica(), await startReplica()];
  relay = await startRoundRobinRelay([portOf(a), portOf(b)]);
  am = await startAlertmanager(config(relay.url), testTokens.alertmanager);
});
afterAll(async () => {
  await am?.stop();
  for (const r of replicas) await r.stop();
  await relay?.close();
  await Promise.all([slack?.close(), smtp?.close()]);
  await db$?.end();
  await db?.drop();
});

const names = ['ChaosBerthBlocked', 'ChaosCraneStopped', 'ChaosGateJammed'];
const alerts = (endsAt?: string) =>
  names.map((alertname) => ({
    labels: { alertname, service: 'api', severity: 'critical' },
    annotations: {
      summary: `${alertname} in the drill.`,
      description: `${alertname} is a chaos drill alert.`,
    },
    ...(endsAt ? { endsAt } : {}),
  }));

/** Titles as delivered, e.g. `[FIRING:1] ChaosGateJammed (api)`, in arrival order. */
const slackTitles = () => slack.messages.map((m) => (m.text ?? '').replace(/^\S+ /, ''));
const mailTitles = () => smtp.mails.map((m) => m.parsed.subject ?? '');
const expected = (status: 'FIRING' | 'RESOLVED') => names.map((n) => `[${status}:1] ${n} (api)`);

describe('chaos with the real Alertmanager in the loop', () => {
  it('delivers each notification once per channel through 503, 429, a refusing SMTP relay and a restarted replica; resolved follows firing', async () => {
    // Slack fails the first sends with 503, then rate-limits with Retry-After; SMTP refuses.
    slack.queue(
      { kind: 'error', status: 503, body: 'service_unavailable' },
      { kind: 'error', status: 503, body: 'service_unavailable' },
      { kind: 'rate-limited', retryAfterSeconds: 1 },
    );
    await smtp.pause();
    await am.postAlerts(alerts());
    await waitFor(
      async () =>
        slack.requests.some((r) => r.status === 429) && slack.requests.some((r) => r.status === 503),
      'Slack answering 503 and 429',
      15_000,
      100,
    );

    // One replica restarts on a new port while the SMTP relay still refuses.
    const [first] = replicas.splice(0, 1);
    await first!.stop();
    const restarted = await startReplica();
    relay.setUpstreams(replicas.map(portOf));
    expect(replicas).toContain(restarted);
    await smtp.resume();

    await waitFor(
      async () => slackTitles().length >= 3 && mailTitles().length >= 3,
      'every firing notification on Slack and by email',
      30_000,
      100,
    );
    await am.postAlerts(alerts(new Date().toISOString()));
    await waitFor(
      async () => slackTitles().length >= 6 && mailTitles().length >= 6,
      'every resolved notification on Slack and by email',
      30_000,
      100,
    );
    // Alertmanager repeats on group_interval and the replicas share the outbox: give a duplicate
    // time to show up before counting.
    await new Promise((r) => setTimeout(r, 2000));

    for (const titles of [slackTitles(), mailTitles()]) {
      expect([...titles].sort()).toEqual([...expected('FIRING'), ...expected('RESOLVED')].sort());
      for (const name of names)
        expect(titles.indexOf(`[RESOLVED:1] ${name} (api)`)).toBeGreaterThan(
          titles.indexOf(`[FIRING:1] ${name} (api)`),
        );
    }
    // Both faults were really met on the way.
    expect(slack.requests.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(2);
    expect(slack.requests.filter((r) => r.status === 429)).toHaveLength(1);
    const { rows } = await pool().query<{ channel: string; attempts: number; delivered: number }>(
      `SELECT channel, sum(attempts)::int AS attempts, count(*) FILTER (WHERE state = 'delivered')::int AS delivered
         FROM notifier_deliveries GROUP BY channel ORDER BY channel`,
    );
    // Six deliveries per channel (three firing, three resolved), email ones refused at least once.
    expect(rows.map((r) => [r.channel, r.delivered])).toEqual([
      ['email', 6],
      ['slack', 6],
    ]);
    expect(rows.find((r) => r.channel === 'email')!.attempts).toBeGreaterThan(6);
  }, 90_000);
});
