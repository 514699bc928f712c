/**
 * Every threshold, window and `for` duration of the alerting rules, in one place: no rule file
 * writes a number of its own. Change a number here, run `npm run generate`, and the rules and
 * their promtool tests move together; `npm run validate` then names every runbook and panel
 * that still states the old number (`<!-- api.errorRatio -->5%` marks, checked against this
 * file). Seeds: 004 §4.4 and 002 (the requirement documents) where noted; the other values are
 * the project's own, with the reason beside them.
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
    /** One evaluation cycle over the count: a burst that already reached 10 in 5 min is enough. */
    failedLoginsFor: '1m',
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
    /** A node that reported within this window and no longer does is missing (NodeMissing). */
    missingWindow: '1d',
    /** Seed 004: CPU > 80% for 10 min (averaged over 5 min, seed 002's window). */
    cpuRatio: 0.8,
    cpuWindow: '5m',
    cpuFor: '10m',
    /** Seed 004: memory > 90% for 5 min. */
    memoryRatio: 0.9,
    memoryFor: '5m',
    /** Seed 004: disk < 10% free. */
    diskFreeRatio: 0.1,
    /** Long enough to skip a build's temporary files, short enough to act before the disk fills. */
    diskFreeFor: '5m',
    /** Disk predicted full within this many hours, from this much history. */
    diskFillHours: 4,
    diskFillLookback: '6h',
    /** ...only on filesystems already below this free share, to avoid noise on big empty disks. */
    diskFillOnlyBelowFreeRatio: 0.4,
    /** The trend must hold for half an hour: a log burst or a backup extrapolates wildly for minutes. */
    diskFillFor: '30m',
  },
  container: {
    /** Restarts (start-time changes) in the window that mean a crash loop. */
    restarts: 2,
    restartWindow: '15m',
    /** The restart count holds over two evaluations of the window, not one rolling update. */
    restartFor: '2m',
    oomWindow: '10m',
    /** An OOM kill is an event: one minute only confirms the increase is not a scrape artefact. */
    oomFor: '1m',
    memoryLimitRatio: 0.9,
    /** Working set near the limit for 5 min: the next spike is an OOM kill. */
    memoryLimitFor: '5m',
  },
  postgres: {
    /** Seed 002: a dependency of the application down for 1 min is critical, as the application itself. */
    downFor: '1m',
    /** Seed 004: PostgreSQL connections > 80% of max_connections. */
    connectionsRatio: 0.8,
    /** Sustained, not one deploy's reconnect storm. */
    connectionsFor: '5m',
    deadlockWindow: '10m',
    /** A deadlock is an event: one minute only confirms the increase is not a scrape artefact. */
    deadlockFor: '1m',
    /** Longest open transaction before we call it long-running. */
    longTransactionSeconds: 300,
    /** Two more minutes over the limit: a long migration step ends, a forgotten session does not. */
    longTransactionFor: '2m',
  },
  /** Continuous archiving, base backups and the standby (rules/durability.ts, issue 20). */
  durability: {
    /**
     * archive_command failing with no segment archived in the same window: PostgreSQL retries a
     * failed segment about once a minute, so one passing failure is followed by a success and
     * stays silent; a broken archive (key, repository, disk) pages within minutes, while the
     * WAL it could not archive is still only on the primary's disk.
     */
    archiveFailingWindow: '5m',
    archiveFailingFor: '2m',
    /**
     * The newest archived segment is this old: archive_timeout (60 s) closes a segment every
     * minute under the port's constant AIS writes, so five minutes means archiving is stuck or
     * behind, and a lost disk would now cost more than the one-minute objective.
     */
    archiveAgeSeconds: 300,
    archiveBehindFor: '5m',
    /**
     * Newest full or differential base backup per repository: the schedule makes one a day
     * (backup-schedule.sh), plus a 3-hour margin for a slow run or a restart of the service.
     */
    backupMaxAgeSeconds: 27 * 3600,
    backupStaleFor: '10m',
    /** The standby replays this far behind the primary (bytes of WAL, one 16 MiB segment). */
    replicationLagBytes: 16 * 1024 * 1024,
    replicationLagFor: '2m',
    /** The standby's replication slot has had no one streaming from it this long. */
    standbyMissingFor: '2m',
  },
  redis: {
    /** Seed 002: a dependency of the application down for 1 min is critical, as the application itself. */
    downFor: '1m',
    /** Near maxmemory Redis evicts or refuses writes; the latest-position cache then misses. */
    memoryRatio: 0.9,
    memoryFor: '5m',
  },
  platform: {
    /** A scrape target failing every scrape for 5 min: not a rolling update's restart. */
    targetDownFor: '5m',
    /** Shorter than other targets: while the notifier is down no alert reaches anyone. */
    notifierDownFor: '2m',
    /** Any failed rule evaluation over 5 min, still failing 5 min later: an alert may be blind. */
    ruleFailuresWindow: '5m',
    ruleFailuresFor: '5m',
    /** A bad config keeps the old one running: 10 min leaves time for the person who pushed it. */
    configReloadFor: '10m',
    /** The Watchdog fires always (the dead man's switch the notifier watches): no `for`. */
    watchdogFor: '0m',
    /** Share of Alertmanager notifications failing per integration. */
    alertmanagerFailedRatio: 0.01,
    /** Alertmanager retries each notification; failures past its retries for 5 min lose alerts. */
    alertmanagerFailedFor: '5m',
  },
  notifier: {
    /**
     * The outbox's PostgreSQL unreachable (webhooks answered 503, nothing paged): as short as
     * NotifierDown's, for the same reason; longer than a restart or a standby's promotion.
     */
    outboxDownFor: '2m',
    failedRatio: 0.1,
    /** Slack and SMTP retry with backoff: only ten minutes of failures outlast the retries. */
    failedFor: '10m',
    /** Oldest pending delivery older than this is a backlog. */
    backlogSeconds: 300,
    /** The oldest delivery keeps ageing for 5 min: the queue is not draining. */
    backlogFor: '5m',
    deadLetterWindow: '15m',
    /** A dead letter is a lost notification: one minute only confirms the increase. */
    deadLetterFor: '1m',
  },
  exporters: {
    /** Business data older than this is stale (collectors refresh every 30 s). */
    staleSeconds: 300,
    /** Ten more refreshes missed: the data on the port dashboards is at least 10 min old. */
    staleFor: '5m',
    /** Ten failed 30-second refreshes in a row, not one slow query. */
    databaseDownFor: '5m',
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
    /** Every run failing for 5 min (journeys run every minute): not one flaky run. */
    failingFor: '5m',
    /** A journey slower than this is slow. */
    slowSeconds: 5,
    /** Slow on every run for a quarter of an hour: a trend users feel, not one slow run. */
    slowFor: '15m',
    /** A journey not run for this long means the probe runner is dead. */
    notRunSeconds: 900,
    /** Still not run 5 min past the threshold: not a runner restart. */
    notRunFor: '5m',
  },
  business: {
    /** Vessel waiting at anchorage beyond this. */
    anchorageWaitSeconds: 6 * 3600,
    /** Port managers act on the quarter hour; the exporter refreshes every 30 s. */
    anchorageWaitFor: '15m',
    berthOccupancyRatio: 0.9,
    /** Berths turn over in hours: half an hour near full is a queue forming, not one arrival. */
    berthOccupancyFor: '30m',
    /** Cargo operation with no progress for N minutes. */
    cargoStallSeconds: 30 * 60,
    /** The exporter sees the stall on ten refreshes in a row, not on one late update. */
    cargoStallFor: '5m',
    /** A shift short of a role for a quarter of an hour, not a handover between shifts. */
    understaffedFor: '15m',
    /** No AIS position received for N minutes. */
    aisSilentSeconds: 10 * 60,
    /** Critical: the map is frozen. The threshold already waited 10 minutes. */
    aisSilentFor: '2m',
    /** p95 delay between a position report and its storage. */
    ingestLagP95Seconds: 60,
    /** A lag over ten minutes, not one delayed batch from the feed. */
    ingestLagFor: '10m',
    /** Scheduled vessels on a closed route for 5 min: not the moment of a planned closure. */
    routeClosedFor: '5m',
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
