import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { api } from '../../lib/catalog/api.ts';
import { createInstruments } from '../../lib/metrics/registry.ts';

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

export interface MetricSources {
  pool: pg.Pool;
  activeUsers: () => number;
  streamClients: () => number;
}

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The API's instruments, all from the catalog's `api` group; gauges read their sources at scrape time. */
export function createApiMetrics(registry: Registry, sources: MetricSources) {
  const metrics = createInstruments(registry, api, {
    collect: {
      dbPoolClients: (gauge) => {
        gauge.set({ state: 'total' }, sources.pool.totalCount);
        gauge.set({ state: 'idle' }, sources.pool.idleCount);
        gauge.set({ state: 'waiting' }, sources.pool.waitingCount);
      },
      activeSessions: (gauge) => gauge.set(sources.activeUsers()),
      sseClients: (gauge) => gauge.set(sources.streamClients()),
    },
  });
  metrics.buildInfo.set({ service: 'api', version, node_version: process.version }, 1);
  return metrics;
}
