import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/config/env.ts';
import { demoTokens } from './caller-tokens.ts';
import { channelsFor, defaultRepeatIntervalMs, loadConfig } from './config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
};

describe('notifier configuration', () => {
  it('runs with nothing set outside production: demo token, log channel only', () => {
    const config = loadConfig({});
    expect(config.tokens).toEqual(demoTokens);
    expect(config.statementTimeoutMs).toBe(10_000);
    expect(config.port).toBe(9465);
    expect(channelsFor(config, 'oncall')).toEqual(['log']);
  });

  it('refuses production without a real token per caller or a database, naming each problem', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'NOTIFIER_ALERTMANAGER_TOKEN (or NOTIFIER_ALERTMANAGER_TOKEN_FILE) is required in production',
      'NOTIFIER_DEPLOY_TOKEN (or NOTIFIER_DEPLOY_TOKEN_FILE) is required in production',
      'NOTIFIER_OPERATOR_TOKEN (or NOTIFIER_OPERATOR_TOKEN_FILE) is required in production',
      'DATABASE_URL (or DATABASE_URL_FILE) is required in production',
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        NOTIFIER_ALERTMANAGER_TOKEN: demoTokens.alertmanager,
        NOTIFIER_DEPLOY_TOKEN: 'short',
        NOTIFIER_OPERATOR_TOKEN: 'operator-token-0123456789',
        DATABASE_URL: 'postgres://db/x',
      }),
    ).toEqual([
      'NOTIFIER_ALERTMANAGER_TOKEN must be a real secret of at least 16 characters in production',
      'NOTIFIER_DEPLOY_TOKEN must be a real secret of at least 16 characters in production',
    ]);
    const shared = 'one-token-for-everyone-0123456789';
    expect(
      problemsOf({
        NODE_ENV: 'production',
        NOTIFIER_ALERTMANAGER_TOKEN: shared,
        NOTIFIER_DEPLOY_TOKEN: shared,
        NOTIFIER_OPERATOR_TOKEN: 'operator-token-0123456789',
        DATABASE_URL: 'postgres://db/x',
      }),
    ).toEqual([
      'NOTIFIER_ALERTMANAGER_TOKEN, NOTIFIER_DEPLOY_TOKEN, NOTIFIER_OPERATOR_TOKEN must differ: each caller has its own token',
    ]);
  });

  it('refuses the retired single token, saying what replaces it', () => {
    expect(problemsOf({ NOTIFIER_WEBHOOK_TOKEN_FILE: '/run/secrets/notifier_webhook_token' })).toEqual([
      'NOTIFIER_WEBHOOK_TOKEN is no longer read: set NOTIFIER_ALERTMANAGER_TOKEN, NOTIFIER_DEPLOY_TOKEN, ' +
        'NOTIFIER_OPERATOR_TOKEN (one token per caller; runbooks/PATCHING.md, "Rotating the notifier tokens")',
    ]);
  });

  it('reads secrets from files and sets channels per receiver', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notifier-config-'));
    writeFileSync(join(dir, 'token'), 'file-token-0123456789\n');
    writeFileSync(join(dir, 'slack'), 'https://hooks.slack.test/services/T/B/X\n');
    writeFileSync(join(dir, 'db'), 'postgres://notifier:secret@db:5432/porttrack\n');
    const config = loadConfig({
      NOTIFIER_DEPLOY_TOKEN_FILE: join(dir, 'token'),
      SLACK_WEBHOOK_URL_ONCALL_FILE: join(dir, 'slack'),
      DATABASE_URL_FILE: join(dir, 'db'),
      SMTP_URL: 'smtp://relay.test:25',
      EMAIL_TO_PORT_MANAGERS: 'a@port.test, b@port.test',
    });
    expect(config.tokens.deploy).toBe('file-token-0123456789');
    expect(config.tokens.alertmanager).toBe(demoTokens.alertmanager);
    expect(config.databaseUrl).toBe('postgres://notifier:secret@db:5432/porttrack');
    expect(config.channels.oncall.slackWebhookUrl).toBe('https://hooks.slack.test/services/T/B/X');
    expect(channelsFor(config, 'oncall')).toEqual(['slack']);
    expect(channelsFor(config, 'port-managers')).toEqual(['email']);
    expect(config.channels['port-managers'].emailTo).toEqual(['a@port.test', 'b@port.test']);
    expect(channelsFor(config, 'platform')).toEqual(['log']);
  });

  it('rejects malformed values with the variable name', () => {
    expect(
      problemsOf({
        SLACK_WEBHOOK_URL_PLATFORM: 'not a url',
        EMAIL_TO_ONCALL: 'nobody',
        SMTP_URL: 'http://relay',
        NOTIFIER_LEASE_MS: '1000',
        DIGEST_CRON: 'daily at 7',
      }),
    ).toEqual([
      'SMTP_URL must start with smtp:// or smtps://',
      'EMAIL_TO_ONCALL: nobody is not an address',
      'SLACK_WEBHOOK_URL_PLATFORM: not an http(s) URL',
      'NOTIFIER_LEASE_MS must exceed NOTIFIER_SEND_TIMEOUT_MS by at least 10000',
      'DIGEST_CRON: "daily at 7" is not a cron expression (e.g. "0 7 * * *")',
    ]);
    expect(problemsOf({ NOTIFIER_OPERATOR_TOKEN: 'a', NOTIFIER_OPERATOR_TOKEN_FILE: '/x' })[0]).toMatch(
      /both set/,
    );
  });

  it('takes the reminder window per receiver, overridable per receiver', () => {
    expect(loadConfig({}).repeatIntervalMs).toEqual(defaultRepeatIntervalMs);
    const tuned = loadConfig({
      NOTIFIER_REPEAT_INTERVAL_MS: '5000',
      NOTIFIER_REPEAT_INTERVAL_MS_PLATFORM: '8000',
    });
    expect(tuned.repeatIntervalMs).toEqual({
      oncall: 5000,
      platform: 8000,
      'port-managers': 5000,
      deadman: 5000,
    });
    expect(problemsOf({ NOTIFIER_REPEAT_INTERVAL_MS_ONCALL: '1h' })).toEqual([
      'NOTIFIER_REPEAT_INTERVAL_MS_ONCALL: expected whole milliseconds, at least 1000',
    ]);
  });
});
