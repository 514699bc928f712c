import { describe, expect, it } from 'vitest';
import { webhookPayload } from '../testing/fixtures.ts';
import { describeIssues, idempotencyKey, webhookSchema } from './payload.ts';

describe('webhook payload', () => {
  it('accepts what Alertmanager sends', () => {
    expect(webhookSchema.safeParse(webhookPayload()).success).toBe(true);
  });

  it('names what is wrong in an invalid payload', () => {
    const bad = { ...webhookPayload(), version: '3', alerts: [{ status: 'firing' }] };
    const result = webhookSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const issues = describeIssues(result.error!);
    expect(issues.some((i) => i.startsWith('version:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('alerts.0.fingerprint:'))).toBe(true);
  });
});

describe('idempotencyKey', () => {
  const two = webhookPayload();
  two.alerts.push({
    ...two.alerts[0]!,
    fingerprint: 'ffff000011112222',
    labels: { alertname: 'ApiHighErrorRate' },
  });

  it('ignores the order of alerts', () => {
    const reversed = { ...two, alerts: [...two.alerts].reverse() };
    expect(idempotencyKey(reversed)).toBe(idempotencyKey(two));
  });

  it('changes with the group status, an alert status, the set of alerts and a new firing', () => {
    const base = idempotencyKey(two);
    const keys = [
      idempotencyKey({ ...two, status: 'resolved' }),
      idempotencyKey({ ...two, alerts: [two.alerts[0]!, { ...two.alerts[1]!, status: 'resolved' }] }),
      idempotencyKey({ ...two, alerts: [two.alerts[0]!] }),
      idempotencyKey({
        ...two,
        alerts: [two.alerts[0]!, { ...two.alerts[1]!, startsAt: '2026-11-23T11:00:00Z' }],
      }),
      idempotencyKey({ ...two, groupKey: 'other' }),
    ];
    expect(new Set([base, ...keys]).size).toBe(keys.length + 1);
  });
});
