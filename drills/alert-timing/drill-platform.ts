import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TcpProxy } from '../../exporters/testing/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { type SlackReceiver, startSlackReceiver } from '../../lib/testing/slack-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../../lib/testing/smtp-sink.ts';
import { receivers } from '../../notifier/config.ts';
import { type Platform, type PlatformOptions, startPlatform } from '../../local-platform/platform.ts';
import { fastHeartbeat } from './heartbeat-route.ts';
import { type ChainTiming, deadmanSettings, drilledAlerts, e2eTiming } from './timing.ts';
import { everyRefreshEvery } from '../../exporters/refresh-intervals.ts';

export const runbookBaseUrl = 'http://runbooks.e2e.invalid';
export const grafanaUrl = 'http://grafana.e2e.invalid';
export const mailboxOf = (receiver: string) => `${receiver}@e2e.porttrack.invalid`;

export interface DrillPlatform {
  platform: Platform;
  slack: SlackReceiver;
  smtp: SmtpSink;
  /** The exporter reaches PostgreSQL through this; `cut()` is the "exporter loses its database" drill. */
  exporterDbProxy: TcpProxy;
  demoPassword: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  apiUrl: string;
  /** The pacing this platform runs with (drill bounds count its scrape and evaluation intervals). */
  timing: ChainTiming;
  stop(): Promise<void>;
}

export interface DrillPlatformOptions {
  /** Default: the e2e suite's short intervals (`e2eTiming`). */
  timing?: ChainTiming;
  /** Further targets per scrape job, and exporters left out (a drill's stand-ins take their place). */
  extraTargets?: PlatformOptions['extraTargets'];
  skipExporters?: PlatformOptions['skipExporters'];
}

const suffix = (receiver: string) => receiver.toUpperCase().replace(/-/g, '_');

/**
 * The whole chain on real parts: PostgreSQL (a database of its own), the services as child
 * processes, the real Prometheus and Alertmanager with the generated rules and routing at short
 * intervals, the notifier delivering to the Slack-contract receiver and a real SMTP server.
 */
export async function startDrillPlatform(
  progress?: (line: string) => void,
  options: DrillPlatformOptions = {},
): Promise<DrillPlatform> {
  const timing = options.timing ?? e2eTiming;
  const dataDir = await mkdtemp(join(tmpdir(), 'porttrack-e2e-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dataDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  try {
    const db: TestDatabase = await createTestDatabase('e2e');
    cleanups.push(() => db.drop());
    const slack = await startSlackReceiver();
    cleanups.push(() => slack.close());
    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());
    const dbUrl = new URL(db.url);
    const exporterDbProxy = new TcpProxy(dbUrl.hostname, Number(dbUrl.port || 5432));
    await exporterDbProxy.start();
    cleanups.push(() => exporterDbProxy.stop());
    const viaProxy = new URL(db.url);
    viaProxy.port = String(exporterDbProxy.port);

    const demoPassword = randomBytes(12).toString('base64url');
    const notifierChannels = Object.fromEntries(
      receivers.flatMap((r) => [
        [`SLACK_WEBHOOK_URL_${suffix(r)}`, slack.webhookUrl(r)],
        [`EMAIL_TO_${suffix(r)}`, mailboxOf(r)],
      ]),
    );
    const refresh = String(timing.exporterRefreshSeconds);
    const platform = await startPlatform({
      portBase: 0,
      dataDir,
      databaseUrl: db.url,
      // The machine's Redis: the API caches there and redis-exporter watches it.
      redisUrl: 'redis://127.0.0.1:6379',
      demoPassword,
      scrapeIntervalSeconds: timing.scrapeIntervalSeconds,
      evaluationIntervalSeconds: timing.evaluationIntervalSeconds,
      probeIntervalSeconds: timing.probeIntervalSeconds,
      // One failed login every 100 ticks stays well under the failed-login alert's 10 per 5 minutes.
      // No berth reserve: the anchorage drill's released vessel must find a berth within its 90 s.
      simulator: {
        tickMs: timing.simulatorTickMs,
        failedLoginEveryTicks: 100,
        settings: { maxBerthOccupancy: 1 },
      },
      rules: {
        forScale: timing.forScale,
        ...(timing.drillFor
          ? { forOverrides: Object.fromEntries(drilledAlerts.map((a) => [a, timing.drillFor!])) }
          : {}),
      },
      routing: {
        groupWaitSeconds: timing.groupWaitSeconds,
        groupIntervalSeconds: timing.groupIntervalSeconds,
        repeatIntervalSeconds: timing.repeatIntervalSeconds,
      },
      adjustRouting: fastHeartbeat,
      ...(options.extraTargets ? { extraTargets: options.extraTargets } : {}),
      ...(options.skipExporters ? { skipExporters: options.skipExporters } : {}),
      runbookBaseUrl,
      monitoring: true,
      env: {
        api: {
          NODE_ENV: 'test',
          // Tokens must survive the API-down drill's restart; the drill's own logins must not be rate-limited.
          PORTTRACK_TOKEN_SECRET: randomBytes(32).toString('hex'),
          PORTTRACK_LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
          PORTTRACK_LOGIN_FREE_FAILURES: '1000',
        },
        exporters: {
          DATABASE_URL: viaProxy.toString(),
          EXPORTER_STATEMENT_TIMEOUT_MS: '2000',
          ...everyRefreshEvery(refresh),
          EXPORTER_COUNTER_SETTLE_SECONDS: '1',
        },
        notifier: {
          ...notifierChannels,
          SMTP_URL: smtp.url,
          GRAFANA_URL: grafanaUrl,
          NOTIFIER_POLL_MS: String(timing.notifierPollMs),
          NOTIFIER_SLACK_INTERVAL_MS: '0',
          NOTIFIER_EMAIL_INTERVAL_MS: '0',
          NOTIFIER_BACKOFF_BASE_MS: '200',
          NOTIFIER_BACKOFF_MAX_MS: '2000',
          NOTIFIER_DEADMAN_TIMEOUT_MS: String(deadmanSettings.timeoutMs),
          NOTIFIER_DEADMAN_CHECK_MS: String(deadmanSettings.checkMs),
          NOTIFIER_DEADMAN_NOTIFY: deadmanSettings.notify,
        },
      },
      ...(progress ? { progress } : {}),
    });
    cleanups.push(() => platform.stop());
    const { prometheus, alertmanager, services } = platform;
    if (!prometheus || !alertmanager || !services.api) {
      throw new Error(`the e2e chain is incomplete: ${platform.missing.map((m) => m.reason).join('; ')}`);
    }
    return {
      platform,
      slack,
      smtp,
      exporterDbProxy,
      demoPassword,
      prometheusUrl: prometheus.url,
      alertmanagerUrl: alertmanager.url,
      get apiUrl() {
        return platform.services.api!.url;
      },
      timing,
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
