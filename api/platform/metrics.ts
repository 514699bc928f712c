import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { api } from '../../lib/catalog/api.ts';
import { createInstruments } from '../../lib/metrics/registry.ts';
import { publishDeclaredAtZero } from '../../lib/metrics/zero-fill.ts';

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

export interface MetricSources {
  pool: pg.Pool;
  activeUsers: () => number;
  streamClients: () => number;
  loginWatch: { maxAccountsPerAddress(): number; maxFailuresPerAccount(): number };
  /** Unix seconds of this replica's last completed retention run, 0 before the first. */
  retentionLastSuccessSeconds: () => number;
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
      loginFailureAccountsPerAddress: (gauge) => gauge.set(sources.loginWatch.maxAccountsPerAddress()),
      loginFailuresPerAccount: (gauge) => gauge.set(sources.loginWatch.maxFailuresPerAccount()),
      positionRetentionLastSuccess: (gauge) => gauge.set(sources.retentionLastSuccessSeconds()),
    },
  });
  metrics.buildInfo.set({ service: 'api', version, node_version: process.version }, 1);
  // Every declared combination exists at 0 from start-up, so a burst of failed logins right
  // after a restart alerts (lib/metrics/zero-fill.ts).
  publishDeclaredAtZero(metrics, api);
  return metrics;
}
