import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { type SlackReceiver, startSlackReceiver } from '../../lib/testing/slack-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../../lib/testing/smtp-sink.ts';
import { waitFor } from '../../lib/testing/wait.ts';
import type { ManagedProcess } from '../../local-platform/managed-process.ts';
import { OutboxStore } from '../../notifier/outbox/store.ts';
import { startNotifier } from '../../notifier/server.ts';
import { notifierEnv, testTokens } from '../../notifier/testing/env.ts';
import { type AlertSource, type Series, startAlertSource } from './alert-source.ts';
import { type AlertmanagerCluster, peerTimeoutMs, startAlertmanagerCluster } from './alertmanager-cluster.ts';
import { tally, timeline } from './page-tally.ts';
import { resendDelaySeconds, startPrometheusPair } from './prometheus-pair.ts';
import { startWebhookTap, type WebhookTap } from './webhook-tap.ts';

// Pages exactly once through an Alertmanager cluster: two Prometheus replicas (replica label
// dropped from alerts) send to three gossiping Alertmanagers, which send webhooks to two notifier
// replicas sharing PostgreSQL, which deliver to Slack and email. Each cycle fires a new alert
// group and resolves the previous one, while one fault is injected: an Alertmanager killed
// mid-group (restarted after), one paused past its peer timeout, a notifier replica restarted
// mid-send. Every state change must reach each channel once, and an alert left firing must
// remind once per repeat window. Alertmanager's own copies, counted at the webhook, are the
// baseline the notifier must beat.
const cycles = Number(process.env.PAGES_ONCE_CYCLES ?? 21);
const reminderWindowMs = 8000;
const faults = [
  'kill an Alertmanager mid-group',
  'pause an Alertmanager past its peer timeout',
  'restart a notifier replica mid-send',
] as const;

const alertmanagerConfig = (tap: string) => {
  const receiver = (name: string) => `
  - name: ${name}
    webhook_configs:
      - url: ${tap}/alertmanager/${name}
        send_resolved: true
        http_config:
          authorization: { type: Bearer, credentials_file: '{{TOKEN_FILE}}' }`;
  return `
route:
  receiver: oncall
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - receiver: platform
      matchers: ['alertname="PagesReminder"']
      repeat_interval: ${reminderWindowMs / 1000}s
receivers:${receiver('oncall')}${receiver('platform')}
`;
};

const rule = (alert: string, metric: string) => ({
  alert,
  expr: `${metric} > 0`,
  labels: { severity: 'critical' },
  annotations: { summary: `${alert} fires.`, description: `${alert} for {{ $labels.service }}.` },
});
const rules = {
  groups: [
    {
      name: 'pages-once',
      interval: '1s',
      rules: [rule('PagesCycle', 'pages_test_cycle'), rule('PagesReminder', 'pages_test_reminder')],
    },
  ],
};

const cycleName = (i: number) => `cycle-${String(i).padStart(2, '0')}`;
const cycleSeries = (i: number): Series => ({ name: 'pages_test_cycle', labels: { service: cycleName(i) } });
const reminderSeries: Series = { name: 'pages_test_reminder', labels: { service: 'reminder' } };
const title = (status: 'FIRING' | 'RESOLVED', alert: string, service: string) =>
  `[${status}:1] ${alert} (${service})`;
const cycleTitle = (status: 'FIRING' | 'RESOLVED', i: number) => title(status, 'PagesCycle', cycleName(i));
const reminderFiring = title('FIRING', 'PagesReminder', 'reminder');
const reminderResolved = title('RESOLVED', 'PagesReminder', 'reminder');

let dir: string;
let db: TestDatabase;
let pool: pg.Pool;
let slack: SlackReceiver;
let smtp: SmtpSink;
let tap: WebhookTap;
let source: AlertSource;
let cluster: AlertmanagerCluster | undefined;
let prometheus: ManagedProcess[] = [];
const replicas: RunningService[] = [];

const startReplica = async () => {
  const replica = await startNotifier(
    notifierEnv(db.url, {
      ALERTMANAGER_URL: undefined,
      SLACK_WEBHOOK_URL_ONCALL: slack.webhookUrl('oncall'),
      SLACK_WEBHOOK_URL_PLATFORM: slack.webhookUrl('platform'),
      SMTP_URL: smtp.url,
      EMAIL_TO_ONCALL: 'oncall@port.test',
      EMAIL_TO_PLATFORM: 'platform@port.test',
      NOTIFIER_SLACK_INTERVAL_MS: '50',
      NOTIFIER_REPEAT_INTERVAL_MS_PLATFORM: String(reminderWindowMs),
      // group_interval (1 s) + the last peer's wait (2 x 1 s) + 2 s.
      NOTIFIER_REFIRE_HOLD_MS: '5000',
    }),
  );
  replicas.push(replica);
  tap?.setUpstreams(replicas.map((r) => r.url));
  return replica;
};

/** Titles as delivered, per channel, in arrival order. */
const delivered = () => ({
  slack: slack.messages.map((m) => (m.text ?? '').replace(/^\S+ /, '')),
  email: smtp.mails.map((m) => m.parsed.subject ?? ''),
});
const waitDelivered = (titles: string[], what: string) =>
  waitFor(
    () => Object.values(delivered()).every((got) => titles.every((t) => got.includes(t))),
    `${what} on Slack and by email`,
    45_000,
    100,
  ).catch((err: Error) => {
    const got = delivered();
    const answers = tap.webhooks.map((w) => w.status).join(' ');
    throw new Error(
      `${err.message}; delivered: slack [${got.slack.slice(-4).join('; ')}], email [${got.email.slice(-4).join('; ')}]; ` +
        `webhooks answered: ${answers || 'none'}; Prometheus alive: ${prometheus.map((p) => p.alive).join(',')}; ` +
        `Alertmanagers running: ${cluster?.members.map((m) => m.running).join(',')}`,
    );
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pages-once-'));
  db = await createTestDatabase('pages_once');
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  // pg-pool's end() returns before its connection has closed, so dropping the database can still
  // terminate it: that is the end of the test, not an error.
  pool.on('error', () => undefined);
  [slack, smtp, source] = await Promise.all([startSlackReceiver(), startSmtpSink(), startAlertSource()]);
  await startReplica();
  await startReplica();
  tap = await startWebhookTap(replicas.map((r) => r.url));
  cluster = await startAlertmanagerCluster(
    join(dir, 'alertmanager'),
    alertmanagerConfig(tap.url),
    testTokens.alertmanager,
  );
  prometheus = await startPrometheusPair({
    dir: join(dir, 'prometheus'),
    source: source.target,
    alertmanagers: cluster.members.map((m) => m.address),
    rules,
  });
}, 120_000);

afterAll(async () => {
  for (const p of prometheus) await p.kill();
  await cluster?.stop();
  for (const r of replicas) await r.stop();
  await tap?.close();
  await Promise.all([slack?.close(), smtp?.close(), source?.close()]);
  await pool?.end();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function injectFault(i: number): Promise<() => Promise<void>> {
  const fault = faults[i % faults.length]!;
  const member = cluster!.members[Math.floor(i / faults.length) % cluster!.members.length]!;
  const labels = { alertname: 'PagesCycle', service: cycleName(i) };
  if (fault === 'restart a notifier replica mid-send') {
    // The replica that stored the firing is stopped while its worker sends it; a new one starts.
    const accepted = await waitFor(
      () =>
        tap.webhooks.find(
          (w) =>
            w.status === 202 &&
            (w.body as { groupLabels?: { service?: string } }).groupLabels?.service === cycleName(i),
        ),
      `the notifier accepting ${cycleName(i)}`,
      20_000,
      20,
    );
    const replica = replicas.find((r) => r.url === accepted.upstream) ?? replicas[0]!;
    replicas.splice(replicas.indexOf(replica), 1);
    tap.setUpstreams(replicas.map((r) => r.url));
    await replica.stop();
    await startReplica();
    return async () => undefined;
  }
  // The member has the new alert in its group, waiting for group_wait: the fault lands mid-group.
  await waitFor(() => member.hasAlert(labels), `${member.address} holding ${cycleName(i)}`, 20_000, 50);
  if (fault === 'kill an Alertmanager mid-group') {
    await member.kill();
    return () => member.restart();
  }
  // Past every peer's wait (its position times the peer timeout: 2 s for the last), inside the
  // alerts' validity (4 re-send delays), so it never resolves them by timeout on its own.
  const pauseMs = peerTimeoutMs * 3;
  expect(pauseMs).toBeLessThan(4 * resendDelaySeconds * 1000);
  member.pause();
  await new Promise((r) => setTimeout(r, pauseMs));
  member.resume();
  return async () => undefined;
}

describe('pages exactly once through an Alertmanager cluster', () => {
  it(`delivers every state change once per channel over ${cycles} fault cycles, and one reminder per window`, async () => {
    source.show([reminderSeries, cycleSeries(0)]);
    await waitDelivered([cycleTitle('FIRING', 0), reminderFiring], 'the first cycle and the reminder alert');
    const remindingSince = Date.now();
    for (let i = 1; i <= cycles; i++) {
      source.show([reminderSeries, cycleSeries(i)]);
      const recover = await injectFault(i);
      await waitDelivered(
        [cycleTitle('FIRING', i), cycleTitle('RESOLVED', i - 1)],
        `cycle ${i} (${faults[i % 3]})`,
      );
      await recover();
    }
    source.show([]);
    const remindingMs = Date.now() - remindingSince;
    await waitDelivered([cycleTitle('RESOLVED', cycles), reminderResolved], 'the last resolutions');
    // Alertmanager's late copies (a resumed member, a restarted one) get time to arrive.
    await new Promise((r) => setTimeout(r, 4000));
    // Then the outbox settles: a copy held as a possible lagging peer's is either cancelled by
    // that peer's resolution (a flush or two later) or delivered when its hold ends. Counting
    // before then would count a page that is about to be cancelled.
    const outbox = new OutboxStore(pool);
    const pending = async () => (await outbox.pendingStats()).reduce((n, c) => n + c.pending, 0);
    const pendingAfterLateCopies = await pending();
    await waitFor(
      async () => (await pending()) === 0,
      'every stored page delivered or cancelled',
      30_000,
      200,
    );

    const { rows: pages } = await pool.query<{ receiver: string; status: string; at: Date }>(
      // Pages with deliveries: a held page cancelled by the resolution coming back has none left.
      `SELECT receiver, status, received_at AS at FROM notifier_notifications n
        WHERE kind = 'alert' AND EXISTS (SELECT 1 FROM notifier_deliveries d WHERE d.notification_id = n.id)
        ORDER BY id`,
    );
    const result = tally({
      delivered: delivered(),
      webhooks: tap.webhooks,
      cycleTitles: Array.from({ length: cycles + 1 }, (_, i) => [
        cycleTitle('FIRING', i),
        cycleTitle('RESOLVED', i),
      ]),
      reminder: { firing: reminderFiring, resolved: reminderResolved },
      faultOf: (service) => {
        const i = Number(/^cycle-(\d+)$/.exec(service)?.[1] ?? -1);
        return service === 'reminder'
          ? 'reminder group (all faults)'
          : i > 0
            ? faults[i % faults.length]!
            : 'no fault';
      },
      reminderPagesAt: pages
        .filter((p) => p.receiver === 'platform' && p.status === 'firing')
        .map((p) => p.at.getTime()),
    });
    const minReminders = Math.floor(remindingMs / (reminderWindowMs + 3000));
    process.stdout.write(
      `${result.report}\nthe reminder group's webhooks:\n${timeline(tap.webhooks, 'reminder')}\nreminder alert firing ${(remindingMs / 1000).toFixed(0)} s: at least ${minReminders} reminders due\n` +
        `deliveries still pending when the late copies' 4 s were over: ${pendingAfterLateCopies}\n`,
    );
    for (const channel of result.channels) {
      expect({
        channel: channel.name,
        duplicates: channel.duplicates,
        lost: channel.lost,
        outOfOrder: channel.outOfOrder,
        unexpected: channel.unexpected,
        reminderFiringsAfterResolution: channel.reminderFiringsAfterResolution,
      }).toEqual({
        channel: channel.name,
        duplicates: 0,
        lost: [],
        outOfOrder: [],
        unexpected: [],
        reminderFiringsAfterResolution: 0,
      });
      // Every reminder page the notifier stored reached the channel once, and no other.
      expect(channel.reminderFirings).toBe(result.reminder.pages);
      expect(channel.reminderResolutions).toBe(1);
    }
    // One reminder per window: never two inside one window, never a window without one.
    // Alertmanager re-sends on the first group_interval tick past the window (plus a peer's wait).
    expect(result.reminder.pages - 1).toBeGreaterThanOrEqual(minReminders);
    expect(Math.min(...result.reminder.gapsMs)).toBeGreaterThanOrEqual(reminderWindowMs);
    expect(Math.max(...result.reminder.gapsMs)).toBeLessThan(2 * reminderWindowMs);
    // Alertmanager did send copies (what the notifier de-duplicated): the faults were real.
    expect(result.baseline.duplicates).toBeGreaterThan(0);
  }, 300_000);
});
