/**
 * Every threshold, window and `for` duration of the alerting rules, in one place. Change a
 * number here, run `npm run generate`, and the rules, their promtool tests and the docs move
 * together. Seeds: 004 §4.4 and 002 (the requirement documents) where noted.
 */
export const thresholds = {
  api: {
    /** Seed 004: API p95 response time > 2 s; seed 002: high response time for 5 min is a warning. */
    latencyP95Seconds: 2,
    latencyFor: '5m',
    /**
     * Seed 004: error rate > 5% over 5 min (5xx over all requests). The same ratio must also hold
     * over the last minute: a blip leaves that window within a minute, so `for` can be 2 minutes
     * (an outage pages after about 2.5 minutes) and still not page on errors lasting under a minute.
     */
    errorRatio: 0.05,
    errorWindow: '5m',
    errorShortWindow: '1m',
    errorFor: '2m',
    /** Seed 002: application down for 1 min is critical. */
    downFor: '1m',
    /** Seed 004: failed logins > 10 in 5 min. */
    failedLogins: 10,
    failedLoginsWindow: '5m',
    /** Distinct accounts one address failed on within 10 min: a person mistypes one or two. */
    stuffingAccountsPerAddress: 10,
    /** Failures one account took within 10 min, from any address (a distributed guess). */
    attackedAccountFailures: 30,
    loginAttackFor: '1m',
    /** Event-loop p99 lag that makes every request slow. */
    eventLoopLagSeconds: 0.5,
    /** Requests queued for a PostgreSQL pool client, sustained. */
    poolWaitingFor: '5m',
    /**
     * No replica completed the hourly positions retention job for 3 hours: two runs in a row
     * failed. Partitions exist 3 days ahead (api/domain/tracking/retention.ts), so there is time
     * to fix it in working hours before positions pile into the default partition.
     */
    retentionStaleSeconds: 10_800,
    retentionFor: '15m',
  },
  node: {
    /** Seed 002: node down for 1 min is critical. */
    downFor: '1m',
    /** Seed 004: CPU > 80% for 10 min (averaged over 5 min, seed 002's window). */
    cpuRatio: 0.8,
    cpuFor: '10m',
    /** Seed 004: memory > 90% for 5 min. */
    memoryRatio: 0.9,
    memoryFor: '5m',
    /** Seed 004: disk < 10% free. */
    diskFreeRatio: 0.1,
    /** Disk predicted full within this many hours, from this much history. */
    diskFillHours: 4,
    diskFillLookback: '6h',
    /** ...only on filesystems already below this free share, to avoid noise on big empty disks. */
    diskFillOnlyBelowFreeRatio: 0.4,
  },
  container: {
    /** Restarts (start-time changes) in the window that mean a crash loop. */
    restarts: 2,
    restartWindow: '15m',
    oomWindow: '10m',
    memoryLimitRatio: 0.9,
  },
  postgres: {
    /** Seed 004: PostgreSQL connections > 80% of max_connections. */
    connectionsRatio: 0.8,
    deadlockWindow: '10m',
    /** Longest open transaction before we call it long-running. */
    longTransactionSeconds: 300,
  },
  redis: { memoryRatio: 0.9 },
  platform: {
    targetDownFor: '5m',
    notifierDownFor: '2m',
    /** Share of Alertmanager notifications failing per integration. */
    alertmanagerFailedRatio: 0.01,
  },
  notifier: {
    failedRatio: 0.1,
    /** Oldest pending delivery older than this is a backlog. */
    backlogSeconds: 300,
    deadLetterWindow: '15m',
  },
  exporters: {
    /** Business data older than this is stale (collectors refresh every 30 s). */
    staleSeconds: 300,
  },
  publicEndpoint: {
    /** The blackbox exporter's probe of the public URL failing this long is an outage users see. */
    downFor: '2m',
    /**
     * Days of validity left below which the certificate needs a person: Let's Encrypt renews 30
     * days before expiry (twice-daily certbot runs), so under 14 days renewal has failed for two weeks.
     */
    certificateDays: 14,
    certificateFor: '15m',
  },
  synthetics: {
    /** A journey slower than this is slow. */
    slowSeconds: 5,
    /** A journey not run for this long means the probe runner is dead. */
    notRunSeconds: 900,
  },
  business: {
    /** Vessel waiting at anchorage beyond this. */
    anchorageWaitSeconds: 6 * 3600,
    berthOccupancyRatio: 0.9,
    /** Cargo operation with no progress for N minutes. */
    cargoStallSeconds: 30 * 60,
    /** No AIS position received for N minutes. */
    aisSilentSeconds: 10 * 60,
    /** p95 delay between a position report and its storage. */
    ingestLagP95Seconds: 60,
  },
  slo: {
    /** Availability: 99.9% of API requests over 30 days answer without a 5xx. */
    availabilityObjective: 0.999,
    /** Latency: 95% of API requests over 30 days answer within 200 ms (a histogram bucket bound). */
    latencyObjective: 0.95,
    latencyThreshold: '0.2',
    /**
     * Multi-window, multi-burn-rate alerts (Google SRE workbook, as Sloth generates them): an
     * alert condition holds when the burn rate exceeds the factor over both the long and the
     * short window. Page: 2% of the 30-day budget in 1 h or 5% in 6 h. Ticket: 10% in 3 days.
     */
    page: {
      windows: [
        { long: '1h', short: '5m', factor: 14.4 },
        { long: '6h', short: '30m', factor: 6 },
      ],
      for: '2m',
    },
    ticket: {
      windows: [
        { long: '1d', short: '2h', factor: 3 },
        { long: '3d', short: '6h', factor: 1 },
      ],
      for: '15m',
    },
  },
} as const;

/** The label, and its value, that routes business alerts to the port managers. */
export const portManagersLabel = { team: 'port-operations' } as const;
