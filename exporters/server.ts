import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Env } from '../lib/config/env.ts';
import { mountProbes } from '../lib/http/probes.ts';
import { Lifecycle } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/logger.ts';
import type { RunningService } from '../lib/service.ts';
import { createCollectors } from './collectors.ts';
import { loadExporterConfig } from './config.ts';
import { createExporterMetrics } from './core/metrics.ts';
import { startRefreshThread } from './core/refresh-thread.ts';

/** How often Node.js process metrics are sampled for scrapes. */
const processSnapshotMs = 5000;

export interface ExporterOptions {
  /** Stop cleanly on SIGTERM/SIGINT (the standalone entry point). */
  handleSignals?: boolean;
  /** Refresh on the collectors' cron schedules (default); off: only through refreshAll(). */
  schedule?: boolean;
}

export interface RunningExporter extends RunningService {
  /** Refreshes every collector now, one after the other; resolves to each one's duration in ms. */
  refreshAll(): Promise<Record<string, number>>;
  /** The exposition text /metrics serves, rendered in-process (the benchmark times it). */
  metricsText(): Promise<string>;
}

/**
 * The business metrics exporter: collectors refresh from the API database on their own cron
 * schedules into a cache; /metrics renders the cache and never waits on the database.
 */
export async function startExporter(env: Env, options: ExporterOptions = {}): Promise<RunningExporter> {
  const config = loadExporterConfig(env);
  const logger = createLogger({ service: 'exporters', nodeEnv: config.NODE_ENV, level: config.LOG_LEVEL });
  const lifecycle = new Lifecycle(logger);

  const collectors = createCollectors(config);
  const { registry, instruments, cache } = createExporterMetrics(collectors, logger);
  // The collectors run in a thread of their own: a refresh never delays a scrape.
  const refresher = startRefreshThread({
    env,
    collectors,
    cache,
    instruments,
    logger,
    schedule: options.schedule ?? true,
  });
  await registry.startSnapshots(processSnapshotMs);

  const app = express();
  app.disable('x-powered-by');
  mountProbes(
    app,
    registry,
    lifecycle,
    [
      {
        name: 'collectors',
        check: async () => {
          const waiting = refresher.waiting();
          if (waiting.length) throw new Error(`no successful refresh yet for: ${waiting.join(', ')}`);
        },
      },
      {
        name: 'database',
        check: async () => {
          const up = (await instruments.databaseUp.get()).values[0]?.value;
          if (up !== 1) throw new Error('the last database round trip failed; serving the last values');
        },
      },
    ],
    logger,
  );

  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
  } catch (err) {
    await refresher.stop();
    throw err;
  }
  lifecycle.closeServerOnStop(server);
  lifecycle.onStop('process metrics', () => registry.stopSnapshots());
  lifecycle.onStop('refresh thread', () => refresher.stop());
  if (options.handleSignals) lifecycle.handleSignals();

  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info(
    { port, collectors: collectors.map((c) => `${c.name}/${c.intervalSeconds}s`) },
    'exporter listening',
  );
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () => lifecycle.stop(),
    refreshAll: () => refresher.refreshAll(),
    metricsText: () => registry.metrics(),
  };
}
