import type { Worker } from 'node:worker_threads';
import type { exporters } from '../../lib/catalog/exporters.ts';
import type { Env } from '../../lib/config/env.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Instruments } from '../../lib/metrics/registry.ts';
import { startTsWorker } from '../../lib/worker/start-ts-worker.ts';
import type { MetricCache } from './cache.ts';
import type { Collector } from './collector.ts';
import type { FromRefreshThread, ToRefreshThread } from './refresh-protocol.ts';

export interface RefreshThread {
  /** Refreshes every collector now, one after the other; each one's duration in ms. */
  refreshAll(): Promise<Record<string, number>>;
  /** Collectors that have not published a successful refresh yet. */
  waiting(): string[];
  stop(): Promise<void>;
}

/**
 * Runs the collectors in a worker thread (refresh-worker.ts) and applies what it sends to this
 * thread's cache and self metrics, so that a scrape never waits behind refresh work. A thread
 * that dies is restarted a second later; meanwhile the last values are served.
 */
export function startRefreshThread(options: {
  env: Env;
  collectors: readonly Collector[];
  cache: MetricCache;
  instruments: Instruments<typeof exporters>;
  logger: Logger;
  /** Refresh on the collectors' schedules (off: only on refreshAll(), for the benchmark). */
  schedule: boolean;
}): RefreshThread {
  const { cache, instruments, logger } = options;
  const byName = new Map(options.collectors.map((c) => [c.name, c]));
  const succeeded = new Set<string>();
  const pending = new Map<number, (durations: Record<string, number>) => void>();
  let nextId = 1;
  let stopping: (() => void) | undefined;
  let worker: Worker;

  const onMessage = (message: FromRefreshThread) => {
    switch (message.kind) {
      case 'publish': {
        const collector = byName.get(message.collector);
        if (!collector) return;
        cache.publish(collector, message.reading);
        succeeded.add(collector.name);
        return;
      }
      case 'metric': {
        const instrument = instruments[message.name] as unknown as Record<string, (...a: unknown[]) => void>;
        instrument[message.method]?.(...message.args);
        return;
      }
      case 'refreshed':
        pending.get(message.id)?.(message.durations);
        pending.delete(message.id);
        return;
      case 'stopped':
        stopping?.();
    }
  };
  const start = () => {
    worker = startTsWorker(new URL('./refresh-worker.ts', import.meta.url), {
      env: options.env,
      schedule: options.schedule,
    });
    worker.on('message', onMessage);
    worker.on('error', (err) => logger.error({ err }, 'refresh thread failed'));
    worker.on('exit', (code) => {
      if (stopping) return;
      logger.error({ code }, 'refresh thread exited; restarting it in 1 s (serving the last values)');
      instruments.databaseUp.set(0);
      setTimeout(() => {
        if (!stopping) start();
      }, 1000).unref();
    });
  };
  start();
  const send = (message: ToRefreshThread) => worker.postMessage(message);

  return {
    refreshAll: () =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ kind: 'refresh-all', id });
      }),
    waiting: () => options.collectors.map((c) => c.name).filter((name) => !succeeded.has(name)),
    stop: async () => {
      const stopped = new Promise<void>((resolve) => (stopping = resolve));
      send({ kind: 'stop' });
      // A refresh stuck past its deadline cannot hold shutdown for long.
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 15_000).unref())]);
      await worker.terminate();
    },
  };
}
