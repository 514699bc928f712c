import { describe, expect, it } from 'vitest';
import { alertmanagerConfig, stackAlertmanagerOptions } from './alertmanager-config.ts';

describe('Alertmanager configuration', () => {
  const stack = alertmanagerConfig(stackAlertmanagerOptions);

  it('has exactly the four receivers, each an authenticated webhook to the notifier', () => {
    expect(stack.receivers.map((r) => r.name)).toEqual(['oncall', 'platform', 'port-managers', 'deadman']);
    for (const r of stack.receivers) {
      expect(r.webhook_configs).toEqual([
        {
          url: `http://notifier:9465/alertmanager/${r.name}`,
          send_resolved: true,
          http_config: {
            authorization: { type: 'Bearer', credentials_file: '/run/secrets/notifier_webhook_token' },
          },
        },
      ]);
    }
  });

  it('groups by alertname and service and repeats pages hourly', () => {
    expect(stack.route.group_by).toEqual(['alertname', 'service']);
    expect(stack.route.routes.find((r) => r.receiver === 'oncall')?.repeat_interval).toBe('1h');
  });

  it('takes local values and short intervals for the drills', () => {
    const local = alertmanagerConfig({
      notifierUrl: 'http://127.0.0.1:4567/',
      tokenFile: '/tmp/token',
      groupWait: '1s',
      groupInterval: '2s',
      repeatInterval: '10s',
    });
    expect(local.receivers[0]?.webhook_configs[0]?.url).toBe('http://127.0.0.1:4567/alertmanager/oncall');
    expect(local.receivers[0]?.webhook_configs[0]?.http_config.authorization.credentials_file).toBe(
      '/tmp/token',
    );
    expect([local.route.group_wait, local.route.group_interval, local.route.repeat_interval]).toEqual([
      '1s',
      '2s',
      '10s',
    ]);
    expect(local.route.routes.find((r) => r.receiver === 'oncall')?.repeat_interval).toBe('10s');
    expect(local.route.routes.find((r) => r.receiver === 'deadman')?.repeat_interval).toBe('10s');
  });

  it('declares the three inhibitions', () => {
    expect(stack.inhibit_rules.map((r) => r.source_matchers)).toEqual([
      ['alertname="NodeDown"'],
      ['alertname="ApiDown"'],
      ['severity="critical"'],
    ]);
    expect(stack.inhibit_rules[0]?.equal).toEqual(['instance']);
    expect(stack.inhibit_rules[2]?.equal).toEqual(['alertname', 'service']);
  });
});
