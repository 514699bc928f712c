import { describe, expect, it } from 'vitest';
import { webhookPayload } from '../testing/fixtures.ts';
import { alertNotice, alertTitle, maxAlertsShown } from './alert-notice.ts';
import { emailBody } from './email-body.ts';
import { slackMessage } from './slack-blocks.ts';

const settings = { grafanaUrl: 'https://grafana.test', alertmanagerUrl: 'https://am.test' };

describe('alert rendering', () => {
  it('titles like Alertmanager: [STATUS:N] AlertName (service)', () => {
    expect(alertTitle(webhookPayload())).toBe('[FIRING:1] ApiHighErrorRate (api)');
    const resolved = webhookPayload({ status: 'resolved' });
    resolved.alerts[0]!.status = 'resolved';
    expect(alertTitle(resolved)).toBe('[RESOLVED:1] ApiHighErrorRate (api)');
  });

  it('puts the same content in the HTML and the text part', () => {
    const notice = alertNotice(webhookPayload(), settings);
    const body = emailBody(notice);
    for (const piece of [
      'API error rate is above 5%.',
      'Route /vessels answers 12% 5xx over 5 minutes.',
      '12%',
      'route=/vessels',
      '2026-11-23 10:00:00 UTC',
    ]) {
      expect(body.text).toContain(piece);
      expect(body.html).toContain(piece);
    }
    for (const link of notice.items[0]!.links) {
      expect(body.text).toContain(link.url);
      expect(body.html).toContain(link.url.replace(/&/g, '&amp;'));
    }
    expect(notice.items[0]!.links.map((l) => l.label)).toEqual(['Runbook', 'Dashboard', 'Silence', 'Graph']);
  });

  it('keeps a large group within Slack limits and says how many are not shown', () => {
    const payload = webhookPayload({ truncatedAlerts: 3 });
    const template = payload.alerts[0]!;
    payload.alerts = Array.from({ length: 25 }, (_, i) => ({ ...template, fingerprint: `fp${i}` }));
    const message = slackMessage(alertNotice(payload, settings));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`${25 - maxAlertsShown + 3} more alert(s)`);
  });
});
