import type { Duration } from '../../../rules/build/types.ts';

/**
 * The short intervals the end-to-end suite runs the chain with (docs/e2e.md explains each).
 * Production values: scrape and evaluation 15s, group_wait 30s, group_interval 5m, and the
 * `for:` written in rules/.
 */
export const e2eTiming = {
  scrapeIntervalSeconds: 1,
  evaluationIntervalSeconds: 1,
  groupWaitSeconds: 1,
  groupIntervalSeconds: 1,
  repeatIntervalSeconds: 3600,
  /** Every other alert's `for:` is scaled by this, so nothing unrelated takes long. */
  forScale: 0.05,
  /** The drilled alerts' `for:`, replaced so each drill is seconds long. */
  drillFor: '5s' satisfies Duration,
  probeIntervalSeconds: 2,
  simulatorTickMs: 1000,
  /** Exporter refresh interval for every collector. */
  exporterRefreshSeconds: 1,
  notifierPollMs: 200,
} as const;

export const drilledAlerts = [
  'ApiDown',
  'ApiHighErrorRate',
  'ApiFailedLoginsHigh',
  'AnchorageWaitTooLong',
  'ExporterDatabaseDown',
] as const;

export const forSeconds = (d: Duration) => {
  const n = Number(d.slice(0, -1));
  return n * { s: 1, m: 60, h: 3600, d: 86400 }[d.slice(-1) as 's' | 'm' | 'h' | 'd'];
};

/** The notifier's dead man's switch in the e2e run (production: 15 min timeout, checked every minute). */
export const deadmanSettings = { timeoutMs: 8000, checkMs: 1000, notify: 'oncall' } as const;
