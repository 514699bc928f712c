import { describe, expect, it } from 'vitest';
import { alertmanagerConfig, composeAlertmanagerOptions, localEmail } from './alertmanager-config.ts';

/** The receivers with their optional parts, for reading in the assertions. */
type LooseReceiver = {
  name: string;
  webhook_configs?: { url: string; http_config?: { authorization: { credentials_file: string } } }[];
  email_configs?: { to: string; send_resolved: boolean }[];
};
const receiversOf = (config: ReturnType<typeof alertmanagerConfig>) => config.receivers as LooseReceiver[];

describe('Alertmanager configuration', () => {
  // The stack's routing and receivers, without an external heartbeat (deployments.test.ts: with).
  const stack = alertmanagerConfig(composeAlertmanagerOptions);
  const email = localEmail;

  it('has the four notifier receivers, each an authenticated webhook to the notifier, and its own email', () => {
    expect(stack.receivers.map((r) => r.name)).toEqual([
      'oncall',
      'platform',
      'port-managers',
      'deadman',
      'notifier-down-email',
    ]);
    for (const r of receiversOf(stack).slice(0, 4)) {
      expect(r.webhook_configs).toEqual([
        {
          url: `http://notifier:9465/alertmanager/${r.name}`,
          send_resolved: true,
          http_config: {
            authorization: { type: 'Bearer', credentials_file: '/run/secrets/notifier_alertmanager_token' },
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
      email,
    });
    const hook = receiversOf(local)[0]?.webhook_configs?.[0];
    expect(hook?.url).toBe('http://127.0.0.1:4567/alertmanager/oncall');
    expect(hook?.http_config?.authorization.credentials_file).toBe('/tmp/token');
    expect([local.route.group_wait, local.route.group_interval, local.route.repeat_interval]).toEqual([
      '1s',
      '2s',
      '10s',
    ]);
    expect(local.route.routes.find((r) => r.receiver === 'oncall')?.repeat_interval).toBe('10s');
    expect(local.route.routes.find((r) => r.receiver === 'deadman')?.repeat_interval).toBe('10s');
  });

  it('emails NotifierDown from Alertmanager itself and, given a URL, posts the Watchdog to an external heartbeat', () => {
    expect(receiversOf(stack).find((r) => r.name === 'notifier-down-email')?.email_configs).toEqual([
      { to: 'oncall@porttrack.local', send_resolved: true },
    ]);
    // No heartbeat URL: no heartbeat receiver or route.
    expect(stack.route.routes.some((r) => r.receiver === 'heartbeat')).toBe(false);
    const withHeartbeat = alertmanagerConfig({
      ...composeAlertmanagerOptions,
      externalHeartbeatUrl: 'https://hc-ping.test/abc',
    });
    expect(withHeartbeat.route.routes[0]).toMatchObject({
      receiver: 'heartbeat',
      continue: true,
      repeat_interval: '5m',
    });
    expect(receiversOf(withHeartbeat).find((r) => r.name === 'heartbeat')?.webhook_configs?.[0]?.url).toBe(
      'https://hc-ping.test/abc',
    );
  });

  // Their shape only; what they mute and must not mute, in the real Alertmanager:
  // rules/routing/inhibition-cases.ts, run by local-platform/routing-behaviour.test.ts.
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
