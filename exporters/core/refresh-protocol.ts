import type { Labels, Reading } from './collector.ts';

/**
 * Messages between the exporter's HTTP thread (which serves /metrics from the cache) and its
 * refresh thread (which runs the collectors against the database), so that no refresh work
 * ever runs on the event loop a scrape waits on.
 */
export type ToRefreshThread = { kind: 'refresh-all'; id: number } | { kind: 'stop' };

/** The self metrics a refresh records, by name. */
export type SelfMetricName =
  'refreshErrors' | 'rowsScanned' | 'databaseUp' | 'refreshDuration' | 'lastRefreshSuccess';

export type FromRefreshThread =
  | { kind: 'publish'; collector: string; reading: Reading }
  | { kind: 'metric'; name: SelfMetricName; method: 'inc' | 'set'; args: [Labels, number] | [number] }
  | { kind: 'refreshed'; id: number; durations: Record<string, number> }
  | { kind: 'stopped' };
