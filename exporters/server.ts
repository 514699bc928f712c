import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Env } from '../lib/config/env.ts';
import { createPool } from '../lib/db/pool.ts';
import { mountProbes } from '../lib/http/probes.ts';
import { Lifecycle } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/logger.ts';
import type { RunningService } from '../lib/service.ts';
import { createCollectors } from './collectors.ts';
import { loadExporterConfig } from './config.ts';
import { createExporterMetrics } from './core/metrics.ts';
import { CollectorRunner } from './core/runner.ts';
import { RefreshScheduler } from './core/schedule.ts';

/** How often Node.js process metrics are sampled for scrapes. */
const processSnapshotMs = 5000;

export interface ExporterOptions {
  /** Stop cleanly on SIGTERM/SIGINT (the standalone entry point). */
  handleSignals?: boolean;
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

  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: 3,
    applicationName: 'porttrack-exporters',
    statementTimeoutMs: config.EXPORTER_STATEMENT_TIMEOUT_MS,
  });
  // An idle connection killed by the server must not crash the process; the next refresh reconnects.
  pool.on('error', (err) =>
    logger.warn({ err }, 'idle database connection lost; the next refresh reconnects'),
  );

  const collectors = createCollectors(config);
  const { registry, instruments, cache } = createExporterMetrics(collectors, logger);

  const runners = collectors.map(
    (collector) =>
      new CollectorRunner(collector, {
        pool,
        cache,
        instruments,
        logger,
        statementTimeoutMs: config.EXPORTER_STATEMENT_TIMEOUT_MS,
        refreshDeadlineMs: config.EXPORTER_REFRESH_DEADLINE_MS,
      }),
  );
  const scheduler = new RefreshScheduler(runners, logger);
  await registry.startSnapshots(processSnapshotMs);

  const app = express();
  app.disable('x-powered-by');
  mountProbes(app, registry, lifecycle, [
    {
      name: 'collectors',
      check: async () => {
        const waiting = runners.filter((r) => !r.succeeded).map((r) => r.collector.name);
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
  ]);

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  lifecycle.closeServerOnStop(server);
  lifecycle.onStop('database pool', () => pool.end());
  lifecycle.onStop('process metrics', () => registry.stopSnapshots());
  lifecycle.onStop('refresh schedule', async () => {
    await scheduler.stop();
    await Promise.all(runners.map((r) => r.idle()));
  });
  if (options.handleSignals) lifecycle.handleSignals();

  scheduler.start();
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
    refreshAll: async () => {
      const durations: Record<string, number> = {};
      for (const runner of runners) {
        const started = performance.now();
        await runner.refresh();
        durations[runner.collector.name] = performance.now() - started;
      }
      return durations;
    },
    metricsText: () => registry.metrics(),
  };
}
