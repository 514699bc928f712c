// The exporter's refresh thread: runs every collector against the database on its schedule
// and sends what it reads to the HTTP thread, which serves /metrics from its cache. Started by
// refresh-thread.ts; nothing here runs on the event loop that answers scrapes.
import { parentPort, workerData } from 'node:worker_threads';
import type { Env } from '../../lib/config/env.ts';
import { createPool } from '../../lib/db/pool.ts';
import { createLogger } from '../../lib/logger.ts';
import { createCollectors } from '../collectors.ts';
import { loadExporterConfig } from '../config.ts';
import type { Labels } from './collector.ts';
import type { FromRefreshThread, SelfMetricName, ToRefreshThread } from './refresh-protocol.ts';
import { CollectorRunner, type SelfMetrics } from './runner.ts';
import { RefreshScheduler } from './schedule.ts';

const port = parentPort;
if (!port) throw new Error('refresh-worker.ts runs only as a worker thread (see refresh-thread.ts)');
const post = (message: FromRefreshThread) => port.postMessage(message);

const { env, schedule } = (workerData as { data: { env: Env; schedule: boolean } }).data;
const config = loadExporterConfig(env);
const logger = createLogger({ service: 'exporters', nodeEnv: config.NODE_ENV, level: config.LOG_LEVEL });
const pool = createPool({
  connectionString: config.DATABASE_URL,
  max: 3,
  applicationName: 'porttrack-exporters',
  statementTimeoutMs: config.EXPORTER_STATEMENT_TIMEOUT_MS,
});
// An idle connection killed by the server must not crash the thread; the next refresh reconnects.
pool.on('error', (err) => logger.warn({ err }, 'idle database connection lost; the next refresh reconnects'));

/** Each self-metric call, forwarded to the real instrument in the HTTP thread. */
const forward = (name: SelfMetricName, method: 'inc' | 'set') => (first: Labels | number, value?: number) =>
  post({
    kind: 'metric',
    name,
    method,
    args: typeof first === 'number' ? [first] : [first, value ?? (method === 'inc' ? 1 : 0)],
  });
const instruments: SelfMetrics = {
  refreshErrors: { inc: forward('refreshErrors', 'inc') },
  rowsScanned: { inc: forward('rowsScanned', 'inc') },
  databaseUp: { set: forward('databaseUp', 'set') },
  refreshDuration: { set: forward('refreshDuration', 'set') },
  lastRefreshSuccess: { set: forward('lastRefreshSuccess', 'set') },
};
const runners = createCollectors(config).map(
  (collector) =>
    new CollectorRunner(collector, {
      pool,
      cache: { publish: (c, reading) => post({ kind: 'publish', collector: c.name, reading }) },
      instruments,
      logger,
      statementTimeoutMs: config.EXPORTER_STATEMENT_TIMEOUT_MS,
      refreshDeadlineMs: config.EXPORTER_REFRESH_DEADLINE_MS,
    }),
);
const scheduler = new RefreshScheduler(runners, logger);
if (schedule) scheduler.start();

port.on('message', (message: ToRefreshThread) => {
  if (message.kind === 'refresh-all') void refreshAll(message.id);
  else void stop();
});

async function refreshAll(id: number): Promise<void> {
  const durations: Record<string, number> = {};
  for (const runner of runners) {
    const started = performance.now();
    await runner.refresh();
    durations[runner.collector.name] = performance.now() - started;
  }
  post({ kind: 'refreshed', id, durations });
}

async function stop(): Promise<void> {
  await scheduler.stop();
  await Promise.all(runners.map((r) => r.idle()));
  await pool.end();
  post({ kind: 'stopped' });
}
