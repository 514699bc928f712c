import { describe, expect, it } from 'vitest';
import { webhookPayload } from '../testing/fixtures.ts';
import { describeIssues, webhookSchema } from './payload.ts';

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
