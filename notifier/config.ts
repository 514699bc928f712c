import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import {
  ConfigError,
  logLevel,
  nodeEnv,
  parseConfig,
  port,
  readSecret,
  type Env,
} from '../lib/config/env.ts';
import { notifierChannels } from '../lib/catalog/notifier.ts';
import { type Receiver, receivers } from '../lib/monitoring/receivers.ts';
import { type CallerTokens, readCallerTokens } from './caller-tokens.ts';
import { readDatabaseUrl } from '../lib/config/database-url.ts';

/** The Alertmanager receivers the generated routing sends to; nothing else is accepted. */
export { type Receiver, receivers };

export const channelNames = notifierChannels;
export type ChannelName = (typeof channelNames)[number];

export interface ReceiverChannels {
  slackWebhookUrl?: string;
  emailTo: string[];
}

export interface NotifierConfig {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel?: string | undefined;
  port: number;
  host: string;
  databaseUrl?: string | undefined;
  /** Server-side bound on every statement of the notifier's pool. */
  statementTimeoutMs: number;
  /** One bearer token per caller, each allowed only its own endpoints (caller-tokens.ts). */
  tokens: CallerTokens;
  smtpUrl?: string | undefined;
  emailFrom: string;
  channels: Record<Receiver, ReceiverChannels>;
  /** Receiver whose channels get deployment notifications. */
  deployReceiver: Receiver;
  /** Receiver whose channels get the daily digest. */
  digestReceiver: Receiver;
  digestCron: string;
  /** Heartbeats older than this raise the dead man's switch notification; 0 turns it off. */
  deadmanTimeoutMs: number;
  deadmanCheckMs: number;
  deadmanNotify: Receiver;
  /**
   * Per receiver, the repeat_interval of the routes to it: an unchanged firing group sent again
   * at least this long after its last page is a reminder, sooner it is a duplicate.
   */
  repeatIntervalMs: Record<Receiver, number>;
  /**
   * How long a page of alerts firing again under their announced episode's start is held for the
   * cluster to repeat the resolution (a lagging peer's snapshot) before it is delivered.
   */
  refireHoldMs: number;
  digestTimezone: string;
  grafanaUrl: string;
  alertmanagerUrl?: string | undefined;
  prometheusUrl?: string | undefined;
  runbookBaseUrl?: string | undefined;
  worker: WorkerSettings;
}

export interface WorkerSettings {
  pollMs: number;
  batchSize: number;
  leaseMs: number;
  sendTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
  /** Minimum spacing between two messages to the same Slack webhook / the SMTP relay. */
  slackIntervalMs: number;
  emailIntervalMs: number;
}

const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const url = z.url({ protocol: /^https?$/ });

const schema = z.object({
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  NOTIFIER_PORT: port(9465),
  NOTIFIER_HOST: z.string().default('0.0.0.0'),
  EMAIL_FROM: z.string().default('PortTrack Alerts <alerts@porttrack.local>'),
  NOTIFIER_DEPLOY_RECEIVER: z.enum(receivers).default('platform'),
  NOTIFIER_DIGEST_RECEIVER: z.enum(receivers).default('port-managers'),
  DIGEST_CRON: z.string().default('0 7 * * *'),
  DIGEST_TIMEZONE: z.string().default('UTC'),
  NOTIFIER_DEADMAN_TIMEOUT_MS: ms(15 * 60_000),
  NOTIFIER_DEADMAN_CHECK_MS: ms(60_000),
  NOTIFIER_DEADMAN_NOTIFY: z.enum(receivers).default('oncall'),
  NOTIFIER_REPEAT_INTERVAL_MS: z.coerce.number().int().min(1000).optional(),
  // group_interval (5m) + the last of three peers' wait (2 x 15s peer timeout) + 30 s.
  NOTIFIER_REFIRE_HOLD_MS: ms(6 * 60_000),
  GRAFANA_URL: url.default('http://localhost:3000'),
  ALERTMANAGER_URL: url.optional(),
  PROMETHEUS_URL: url.optional(),
  RUNBOOK_BASE_URL: url.optional(),
  NOTIFIER_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  NOTIFIER_POLL_MS: ms(1000),
  NOTIFIER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  NOTIFIER_LEASE_MS: ms(60_000),
  NOTIFIER_SEND_TIMEOUT_MS: ms(10_000),
  NOTIFIER_BACKOFF_BASE_MS: ms(1000),
  NOTIFIER_BACKOFF_MAX_MS: ms(300_000),
  NOTIFIER_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(50),
  NOTIFIER_SLACK_INTERVAL_MS: ms(1000),
  NOTIFIER_EMAIL_INTERVAL_MS: ms(100),
});

/** `port-managers` -> `PORT_MANAGERS`, the suffix of per-receiver variables. */
export const envSuffix = (receiver: Receiver) => receiver.toUpperCase().replace(/-/g, '_');

/**
 * Reads the notifier's configuration. Secrets (tokens, Slack webhook URLs, SMTP URL) may come
 * as NAME or NAME_FILE. Production refuses missing or demo tokens; elsewhere the demo tokens
 * are used so `npm start` works with nothing set.
 */
export function loadConfig(env: Env): NotifierConfig {
  const base = parseConfig(schema, env);
  const problems: string[] = [];
  const secret = (name: string, read = () => readSecret(env, name)) => {
    try {
      return read();
    } catch (err) {
      problems.push(...((err as ConfigError).problems ?? [(err as Error).message]));
      return undefined;
    }
  };

  // The connection string carries a password: a secret like the others (DATABASE_URL_FILE).
  const databaseUrl = secret('DATABASE_URL', () => readDatabaseUrl(env));
  const tokens = readCallerTokens(env, secret, base.NODE_ENV === 'production', problems);
  if (base.NODE_ENV === 'production' && !databaseUrl)
    problems.push('DATABASE_URL (or DATABASE_URL_FILE) is required in production');

  const smtpUrl = secret('SMTP_URL');
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const defaultSlack = secret('SLACK_WEBHOOK_URL');
  const defaultEmail = env.EMAIL_TO;
  const channels = {} as Record<Receiver, ReceiverChannels>;
  for (const receiver of receivers) {
    const suffix = envSuffix(receiver);
    const slack = secret(`SLACK_WEBHOOK_URL_${suffix}`) ?? defaultSlack;
    if (slack && !url.safeParse(slack).success)
      problems.push(`SLACK_WEBHOOK_URL_${suffix}: not an http(s) URL`);
    const emailTo = (env[`EMAIL_TO_${suffix}`] ?? defaultEmail ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const address of emailTo)
      if (!z.email().safeParse(address).success)
        problems.push(`EMAIL_TO_${suffix}: ${address} is not an address`);
    channels[receiver] = { ...(slack ? { slackWebhookUrl: slack } : {}), emailTo };
  }
  // A claim must outlive one send (timeout) plus the longest rate-limit wait (5 s) and a margin,
  // or a second replica could take it over mid-send.
  if (base.NOTIFIER_LEASE_MS < base.NOTIFIER_SEND_TIMEOUT_MS + 10_000)
    problems.push('NOTIFIER_LEASE_MS must exceed NOTIFIER_SEND_TIMEOUT_MS by at least 10000');
  if (!validCron(base.DIGEST_CRON))
    problems.push(`DIGEST_CRON: "${base.DIGEST_CRON}" is not a cron expression (e.g. "0 7 * * *")`);
  const repeatIntervalMs = repeatIntervals(env, base.NOTIFIER_REPEAT_INTERVAL_MS, problems);
  if (problems.length) throw new ConfigError(problems);

  return {
    nodeEnv: base.NODE_ENV,
    logLevel: base.LOG_LEVEL,
    port: base.NOTIFIER_PORT,
    host: base.NOTIFIER_HOST,
    databaseUrl,
    statementTimeoutMs: base.NOTIFIER_STATEMENT_TIMEOUT_MS,
    tokens,
    smtpUrl,
    emailFrom: base.EMAIL_FROM,
    channels,
    deployReceiver: base.NOTIFIER_DEPLOY_RECEIVER,
    digestReceiver: base.NOTIFIER_DIGEST_RECEIVER,
    digestCron: base.DIGEST_CRON,
    digestTimezone: base.DIGEST_TIMEZONE,
    deadmanTimeoutMs: base.NOTIFIER_DEADMAN_TIMEOUT_MS,
    deadmanCheckMs: base.NOTIFIER_DEADMAN_CHECK_MS,
    deadmanNotify: base.NOTIFIER_DEADMAN_NOTIFY,
    repeatIntervalMs,
    refireHoldMs: base.NOTIFIER_REFIRE_HOLD_MS,
    grafanaUrl: base.GRAFANA_URL.replace(/\/$/, ''),
    alertmanagerUrl: base.ALERTMANAGER_URL?.replace(/\/$/, ''),
    prometheusUrl: base.PROMETHEUS_URL?.replace(/\/$/, ''),
    runbookBaseUrl: base.RUNBOOK_BASE_URL?.replace(/\/$/, ''),
    worker: {
      pollMs: base.NOTIFIER_POLL_MS,
      batchSize: base.NOTIFIER_BATCH_SIZE,
      leaseMs: base.NOTIFIER_LEASE_MS,
      sendTimeoutMs: base.NOTIFIER_SEND_TIMEOUT_MS,
      backoffBaseMs: base.NOTIFIER_BACKOFF_BASE_MS,
      backoffMaxMs: base.NOTIFIER_BACKOFF_MAX_MS,
      maxAttempts: base.NOTIFIER_MAX_ATTEMPTS,
      slackIntervalMs: base.NOTIFIER_SLACK_INTERVAL_MS,
      emailIntervalMs: base.NOTIFIER_EMAIL_INTERVAL_MS,
    },
  };
}

/**
 * The generated routing's repeat_interval per receiver (rules/routing/alertmanager-config.ts:
 * critical pages to on-call hourly, the rest every 4 hours; config.test.ts holds them equal).
 */
export const defaultRepeatIntervalMs: Record<Receiver, number> = {
  oncall: 60 * 60_000,
  platform: 4 * 60 * 60_000,
  'port-managers': 4 * 60 * 60_000,
  deadman: 5 * 60_000,
};

/** `NOTIFIER_REPEAT_INTERVAL_MS_<RECEIVER>`, else `NOTIFIER_REPEAT_INTERVAL_MS`, else the routing's. */
function repeatIntervals(
  env: Env,
  fallback: number | undefined,
  problems: string[],
): Record<Receiver, number> {
  const out = {} as Record<Receiver, number>;
  for (const receiver of receivers) {
    const name = `NOTIFIER_REPEAT_INTERVAL_MS_${envSuffix(receiver)}`;
    const raw = env[name];
    const value = raw === undefined ? (fallback ?? defaultRepeatIntervalMs[receiver]) : Number(raw);
    if (!Number.isInteger(value) || value < 1000)
      problems.push(`${name}: expected whole milliseconds, at least 1000`);
    out[receiver] = value;
  }
  return out;
}

/** The channels a notification for this receiver goes to; `log` when nothing is configured. */
export function channelsFor(config: NotifierConfig, receiver: Receiver): ChannelName[] {
  const c = config.channels[receiver];
  const out: ChannelName[] = [];
  if (c.slackWebhookUrl) out.push('slack');
  if (config.smtpUrl && c.emailTo.length) out.push('email');
  return out.length ? out : ['log'];
}
