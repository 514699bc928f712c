import type { Duration } from '../../lib/monitoring/index.ts';

/** How fast the chain of an e2e platform runs: scrapes, evaluations, grouping, `for:`, refreshes. */
export interface ChainTiming {
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  /** Every alert's `for:` is scaled by this (1: as written in rules/). */
  forScale: number;
  /** When set, the drilled alerts' `for:` is replaced by this. */
  drillFor?: Duration;
  probeIntervalSeconds: number;
  simulatorTickMs: number;
  exporterRefreshSeconds: number;
  notifierPollMs: number;
}

/**
 * The short intervals the end-to-end suite runs the chain with (docs/e2e.md explains each).
 * Production values: scrape and evaluation 15s, group_wait 30s, group_interval 5m, and the
 * `for:` written in rules/ (`productionTiming`).
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
} as const satisfies ChainTiming;

/**
 * The stack's own pacing (stack/prometheus/prometheus.yml, the generated routing, the exporters'
 * and notifier's defaults) with every `for:` as written: `npm run bench -- drills` runs the chain so.
 */
export const productionTiming = {
  scrapeIntervalSeconds: 15,
  evaluationIntervalSeconds: 15,
  groupWaitSeconds: 30,
  groupIntervalSeconds: 300,
  repeatIntervalSeconds: 4 * 3600,
  forScale: 1,
  probeIntervalSeconds: 60,
  simulatorTickMs: 1000,
  exporterRefreshSeconds: 15,
  notifierPollMs: 1000,
} as const satisfies ChainTiming;

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
