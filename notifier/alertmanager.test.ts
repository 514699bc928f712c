import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type SlackReceiver, startSlackReceiver } from '../lib/testing/slack-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../lib/testing/smtp-sink.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { oncallConfig, startAlertmanager, type TestAlertmanager } from './testing/alertmanager.ts';
import { notifierEnv, testTokens } from './testing/env.ts';
import { metricValue } from './testing/metrics.ts';

// The real Alertmanager posting to the notifier, repeating every 2 s so that the test sees it
// repeat the same notification.
const config = (notifierUrl: string) =>
  oncallConfig(notifierUrl, { groupBy: ['alertname', 'service'], repeatInterval: '2s' });

let db: TestDatabase;
let slack: SlackReceiver;
let smtp: SmtpSink;
let notifier: RunningService;
let am: TestAlertmanager;

beforeAll(async () => {
  db = await createTestDatabase('notifier_am');
  [slack, smtp] = await Promise.all([startSlackReceiver(), startSmtpSink()]);
  notifier = await startNotifier(
    notifierEnv(db.url, {
      ALERTMANAGER_URL: undefined,
      SLACK_WEBHOOK_URL_ONCALL: slack.webhookUrl('oncall'),
      SMTP_URL: smtp.url,
      EMAIL_TO_ONCALL: 'oncall@port.test',
    }),
  );
  am = await startAlertmanager(config(notifier.url), testTokens.alertmanager);
});
afterAll(async () => {
  await am?.stop();
  await notifier?.stop();
  await Promise.all([slack?.close(), smtp?.close()]);
  await db?.drop();
});

const alerts = (endsAt?: string) =>
  ['berth-1', 'berth-2'].map((berth) => ({
    labels: { alertname: 'BerthSensorSilent', service: 'exporters', severity: 'warning', berth },
    annotations: {
      summary: `Berth ${berth} sensor reports nothing.`,
      description: `No occupancy reading from ${berth} for 10 minutes.`,
      runbook_url: 'https://runbooks.test/alerts/BerthSensorSilent.md',
      dashboard: 'porttrack-port-operations/4',
    },
    generatorURL: 'http://prometheus.test:9090/graph?g0.expr=up%3D%3D0&g0.tab=1',
    ...(endsAt ? { endsAt } : {}),
  }));

describe('Alertmanager to notifier', () => {
  it('delivers a grouped firing notification once per channel, despite Alertmanager repeating it', async () => {
    await am.postAlerts(alerts());
    const [message] = await slack.waitForMessages(1, 10_000);
    expect(message!.text).toBe('🟠 [FIRING:2] BerthSensorSilent (exporters)');
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.parsed.subject).toBe('[FIRING:2] BerthSensorSilent (exporters)');
    for (const part of [mail!.parsed.text ?? '', String(mail!.parsed.html)]) {
      expect(part).toContain('Berth berth-1 sensor reports nothing.');
      expect(part).toContain('Berth berth-2 sensor reports nothing.');
    }

    // Alertmanager re-sends the group every repeat_interval (2 s): accepted, never delivered again.
    await waitFor(
      async () =>
        (await metricValue(notifier.url, 'porttrack_notifier_received_total', { receiver: 'oncall' })) >= 2,
      'Alertmanager to repeat the notification',
      10_000,
      200,
    );
    expect(slack.messages).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('links a silence that matches exactly that alert in the real Alertmanager', async () => {
    const buttons = slack.messages[0]!.blocks!.filter((b) => b.type === 'actions').map(
      (b) => b.elements as Array<{ text: { text: string }; url: string }>,
    );
    expect(buttons).toHaveLength(2);
    const silence = buttons[0]!.find((b) => b.text.text === 'Silence')!.url;
    expect(silence.startsWith(`${am.url}/#/silences/new?filter=`)).toBe(true);
    const filter = decodeURIComponent(silence.split('filter=')[1]!);
    const matchers = filter.slice(1, -1).split(',');
    const query = matchers.map((m) => `filter=${encodeURIComponent(m)}`).join('&');
    const matched = (await (await fetch(`${am.url}/api/v2/alerts?${query}`)).json()) as Array<{
      labels: Record<string, string>;
    }>;
    expect(matched).toHaveLength(1);
    expect(matched[0]!.labels.berth).toBe('berth-1');
    const dashboard = buttons[0]!.find((b) => b.text.text === 'Dashboard')!.url;
    expect(dashboard).toMatch(
      /^https:\/\/grafana\.test\/d\/porttrack-port-operations\?viewPanel=4&from=\d+&to=\d+$/,
    );
  });

  it('delivers the resolved notification too', async () => {
    await am.postAlerts(alerts(new Date().toISOString()));
    await slack.waitForMessages(2, 10_000);
    expect(slack.messages[1]!.text).toBe('✅ [RESOLVED:2] BerthSensorSilent (exporters)');
    const mails = await smtp.waitForMails(2);
    expect(mails[1]!.parsed.subject).toBe('[RESOLVED:2] BerthSensorSilent (exporters)');
    // The sink has the message a moment before the notifier has its answer and records it.
    for (const channel of ['slack', 'email'])
      await waitFor(
        async () =>
          (await metricValue(notifier.url, 'porttrack_notifier_delivered_total', { channel })) === 2,
        `delivered_total{channel="${channel}"} to reach 2`,
        3000,
      );
  });
});
