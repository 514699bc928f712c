import { type Duration, portManagersLabel, toSeconds } from '../../lib/monitoring/index.ts';
import { envValue } from '../../lib/swarm-template.ts';
import { type Receiver, receivers, webhookPath } from './receivers.ts';
import { anyOf, eq, inhibit, ne, route } from './route.ts';

export interface AlertmanagerOptions {
  /** Base URL of the notifier, e.g. `http://notifier:9465`. */
  notifierUrl: string;
  /** File holding the bearer token the notifier expects on its webhooks. */
  tokenFile: string;
  groupWait: Duration;
  groupInterval: Duration;
  /** Default repeat for still-firing alerts (platform, port managers). */
  repeatInterval: Duration;
  /** Repeat for on-call pages: hourly, or `repeatInterval` when that is shorter (drills). */
  oncallRepeatInterval?: Duration;
  /** How often the dead-man receiver hears the Watchdog; same rule as above. */
  heartbeatInterval?: Duration;
  /**
   * An external dead-man's-switch URL (healthchecks.io, Cronitor, Dead Man's Snitch, ...) that
   * Alertmanager POSTs the Watchdog to every `heartbeatInterval`: it pages when the posts stop,
   * i.e. when the VM, Docker, Prometheus or Alertmanager died. Off when unset.
   */
  externalHeartbeatUrl?: string;
  /** SMTP that Alertmanager sends `NotifierDown` and `NotifierOutboxDown` through by itself (the notifier cannot). */
  email: {
    smarthost: string;
    from: string;
    to: string;
    username?: string;
    /** File holding the SMTP password (a Docker secret). */
    passwordFile?: string;
    requireTls: boolean;
  };
}

/**
 * The deployment's Alertmanager settings, by the variable that holds each: docker-stack.yml gives
 * them to the Alertmanager service (from deploy.env), and Swarm writes them into
 * alertmanager.yml, a config template, when the task starts. The generated file holds only these
 * names, never a deployment's values; the SMTP password stays in the `alertmanager_smtp_password`
 * secret.
 */
export const deploymentVariables = {
  smarthost: 'ALERTMANAGER_SMTP_SMARTHOST',
  from: 'ALERTMANAGER_EMAIL_FROM',
  to: 'ALERTMANAGER_EMAIL_TO',
  username: 'ALERTMANAGER_SMTP_USERNAME',
  /** Optional: without it the `heartbeat` receiver posts nowhere (render.ts). */
  heartbeatUrl: 'ALERTMANAGER_HEARTBEAT_URL',
} as const;

/** What the stack deploys: its services' addresses, and each deployment value as a template lookup. */
export const stackAlertmanagerOptions: AlertmanagerOptions = {
  notifierUrl: 'http://notifier:9465',
  tokenFile: '/run/secrets/notifier_alertmanager_token',
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: '4h',
  email: {
    smarthost: envValue(deploymentVariables.smarthost),
    from: envValue(deploymentVariables.from),
    to: envValue(deploymentVariables.to),
    username: envValue(deploymentVariables.username),
    passwordFile: '/run/secrets/alertmanager_smtp_password',
    requireTls: true,
  },
  externalHeartbeatUrl: envValue(deploymentVariables.heartbeatUrl),
};

/** SMTP where no deployment is (`npm start`, the compose file): localhost, nothing leaves the machine. */
export const localEmail: AlertmanagerOptions['email'] = {
  smarthost: '127.0.0.1:25',
  from: 'alertmanager@porttrack.local',
  to: 'oncall@porttrack.local',
  requireTls: false,
};

/** The development compose file's: the stack's routing and pacing, the notifier by its compose name. */
export const composeAlertmanagerOptions: AlertmanagerOptions = (({ externalHeartbeatUrl: _, ...rest }) => ({
  ...rest,
  email: localEmail,
}))(stackAlertmanagerOptions);

/** Alerts an `ApiDown` makes redundant: symptoms of the API being unreachable. */
export const apiDownSilences = [
  'ApiHighErrorRate',
  'ApiHighLatency',
  'ApiAvailabilityBudgetFastBurn',
  'ApiAvailabilityBudgetSlowBurn',
  'ApiLatencyBudgetFastBurn',
  'ApiLatencyBudgetSlowBurn',
];

const shorter = (a: Duration, b: Duration): Duration => (toSeconds(a) <= toSeconds(b) ? a : b);
const [teamLabel, teamValue] = Object.entries(portManagersLabel)[0] as [string, string];

function receiver(name: Receiver, options: AlertmanagerOptions) {
  return {
    name,
    webhook_configs: [
      {
        url: `${options.notifierUrl.replace(/\/+$/, '')}${webhookPath(name)}`,
        send_resolved: true,
        http_config: { authorization: { type: 'Bearer', credentials_file: options.tokenFile } },
      },
    ],
  };
}

/**
 * The whole Alertmanager configuration as a plain object. Pure: the generator calls it with
 * the stack defaults, the end-to-end drills with a local notifier and short intervals.
 *
 * Routing, first match wins unless `continue`:
 * 0. Watchdog -> heartbeat (the external dead-man's switch, when configured), and continue;
 * 1. Watchdog -> deadman (a heartbeat, never grouped with anything else);
 * 1b. NotifierDown, NotifierOutboxDown -> notifier-down-email (Alertmanager's own SMTP), and
 *     continue to on-call;
 * 2. critical business alerts -> port-managers, and continue so on-call is paged too;
 * 3. other business alerts -> port-managers only;
 * 4. critical -> oncall (Slack and email), repeated hourly;
 * 5. everything else (warning, info) -> platform (Slack only).
 */
export function alertmanagerConfig(options: AlertmanagerOptions) {
  const oncallRepeat = options.oncallRepeatInterval ?? shorter(options.repeatInterval, '1h');
  const heartbeat = options.heartbeatInterval ?? shorter(options.repeatInterval, '5m');
  const business = eq(teamLabel, teamValue);
  const critical = eq('severity', 'critical');
  return {
    global: {
      resolve_timeout: '5m',
      smtp_smarthost: options.email.smarthost,
      smtp_from: options.email.from,
      ...(options.email.username ? { smtp_auth_username: options.email.username } : {}),
      ...(options.email.passwordFile ? { smtp_auth_password_file: options.email.passwordFile } : {}),
      smtp_require_tls: options.email.requireTls,
    },
    route: {
      receiver: 'platform' satisfies Receiver,
      group_by: ['alertname', 'service'],
      group_wait: options.groupWait,
      group_interval: options.groupInterval,
      repeat_interval: options.repeatInterval,
      routes: [
        ...(options.externalHeartbeatUrl
          ? [
              route({
                receiver: 'heartbeat',
                matchers: [eq('alertname', 'Watchdog')],
                continue: true,
                group_wait: '0s',
                group_interval: shorter(options.groupInterval, heartbeat),
                repeat_interval: heartbeat,
              }),
            ]
          : []),
        route({
          receiver: 'deadman',
          matchers: [eq('alertname', 'Watchdog')],
          group_wait: '0s',
          group_interval: shorter(options.groupInterval, heartbeat),
          repeat_interval: heartbeat,
        }),
        // The notifier cannot deliver its own death, nor anything while its outbox is
        // unreachable: Alertmanager emails those directly.
        route({
          receiver: 'notifier-down-email',
          matchers: [anyOf('alertname', ['NotifierDown', 'NotifierOutboxDown'])],
          continue: true,
          repeat_interval: oncallRepeat,
        }),
        route({ receiver: 'port-managers', matchers: [business, critical], continue: true }),
        route({ receiver: 'port-managers', matchers: [business, ne('severity', 'critical')] }),
        route({ receiver: 'oncall', matchers: [critical], repeat_interval: oncallRepeat }),
        route({ receiver: 'platform', matchers: [anyOf('severity', ['warning', 'info'])] }),
      ],
    },
    inhibit_rules: [
      // A host that is down explains every other alert about that host (same instance label).
      inhibit({
        source_matchers: [eq('alertname', 'NodeDown')],
        target_matchers: [ne('alertname', 'NodeDown')],
        equal: ['instance'],
      }),
      // An unreachable API explains its latency, error and error-budget alerts.
      inhibit({
        source_matchers: [eq('alertname', 'ApiDown')],
        target_matchers: [eq('service', 'api'), anyOf('alertname', apiDownSilences)],
        equal: ['service'],
      }),
      // The critical version of an alert makes its warning version noise.
      inhibit({
        source_matchers: [critical],
        target_matchers: [eq('severity', 'warning')],
        equal: ['alertname', 'service'],
      }),
    ],
    receivers: [
      ...receivers.map((name) => receiver(name, options)),
      { name: 'notifier-down-email', email_configs: [{ to: options.email.to, send_resolved: true }] },
      ...(options.externalHeartbeatUrl
        ? [
            {
              name: 'heartbeat',
              webhook_configs: [{ url: options.externalHeartbeatUrl, send_resolved: false }],
            },
          ]
        : []),
    ],
  };
}
