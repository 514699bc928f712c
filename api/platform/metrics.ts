import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { api } from '../../lib/catalog/api.ts';
import { cargoCategories, portCallEventTypes } from '../../lib/domain/vocabulary.ts';
import { createInstruments } from '../../lib/metrics/registry.ts';

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Every value of porttrack_logins_total's `result` label. */
export const loginResults = ['success', 'failure', 'throttled', 'rate_limited'] as const;

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
  // Counters exist at 0 from start-up: increase() cannot see the first event of a series that
  // appears with value 1, so a burst of failed logins right after a restart would not alert.
  for (const result of loginResults) metrics.logins.inc({ result }, 0);
  for (const type of portCallEventTypes) metrics.portCallEvents.inc({ type }, 0);
  for (const category of cargoCategories) metrics.cargoOperationsCompleted.inc({ category }, 0);
  return metrics;
}
