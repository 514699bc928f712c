import type { Env } from '../../lib/config/env.ts';

/** One token per caller, as production has (caller-tokens.ts). */
export const testTokens = {
  alertmanager: 'notifier-test-alertmanager-0123456789',
  deploy: 'notifier-test-deploy-0123456789',
  operator: 'notifier-test-operator-0123456789',
};

/** Notifier configuration for tests: free port, quiet log, short waits everywhere. */
export function notifierEnv(databaseUrl: string, extra: Env = {}): Env {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.NOTIFIER_TEST_LOG_LEVEL ?? 'silent',
    NOTIFIER_PORT: '0',
    NOTIFIER_HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    NOTIFIER_ALERTMANAGER_TOKEN: testTokens.alertmanager,
    NOTIFIER_DEPLOY_TOKEN: testTokens.deploy,
    NOTIFIER_OPERATOR_TOKEN: testTokens.operator,
    GRAFANA_URL: 'https://grafana.test',
    ALERTMANAGER_URL: 'https://alertmanager.test',
    NOTIFIER_POLL_MS: '50',
    NOTIFIER_BACKOFF_BASE_MS: '100',
    NOTIFIER_BACKOFF_MAX_MS: '800',
    NOTIFIER_SEND_TIMEOUT_MS: '5000',
    NOTIFIER_LEASE_MS: '20000',
    NOTIFIER_SLACK_INTERVAL_MS: '100',
    NOTIFIER_EMAIL_INTERVAL_MS: '0',
    ...extra,
  };
}
