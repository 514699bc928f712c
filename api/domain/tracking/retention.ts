import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  createDayPartition,
  deleteExpiredDefaultRows,
  dropDayPartition,
  nextDay,
  partitionDays,
  utcDay,
} from './partitions.ts';

/** Partitions exist this many days ahead, so ingest never waits for the job at midnight. */
export const daysAhead = 3;
/** How often each API replica runs the job (one at a time across replicas, see below). */
export const retentionIntervalMs = 3600_000;

const dayMs = 86_400_000;
// One key for every replica: only one of them maintains the partitions at a time.
const lockKey = createHash('sha256').update('porttrack positions retention').digest().readInt32BE(0);

export interface RetentionPlan {
  /** Rows older than this have left the window. */
  cutoff: Date;
  create: string[];
  drop: string[];
}

/**
 * What the job does at `now`: partitions from today to `daysAhead` days ahead, and the end of
 * every day partition whose whole day is older than the window. Whole days go, so a row is kept
 * at least `retentionDays` and less than one day longer.
 */
export function planRetention(now: Date, existing: readonly string[], retentionDays: number): RetentionPlan {
  const cutoff = new Date(now.getTime() - retentionDays * dayMs);
  const have = new Set(existing);
  const create: string[] = [];
  for (let i = 0; i <= daysAhead; i++) {
    const day = utcDay(now.getTime() + i * dayMs);
    if (!have.has(day)) create.push(day);
  }
  const drop = existing.filter((day) => Date.parse(`${nextDay(day)}T00:00:00Z`) <= cutoff.getTime());
  return { cutoff, create, drop };
}

export interface RetentionReport {
  /** false when another replica held the job's lock (it is doing the same work). */
  ran: boolean;
  created: string[];
  dropped: string[];
  /** Rows the default partition held for a day that got its partition. */
  movedFromDefault: number;
  /** Expired rows deleted from the default partition. */
  expiredFromDefault: number;
}

/**
 * Creates the coming days' partitions and drops the expired ones, under a session advisory lock
 * (a replica that finds it taken skips this run). Each step is its own short transaction with a
 * lock timeout, so a long query on `positions` makes the step fail and retry at the next run
 * rather than queue every reader and writer behind the DDL.
 */
export async function maintainPositions(
  pool: pg.Pool,
  retentionDays: number,
  now = new Date(),
): Promise<RetentionReport> {
  const report: RetentionReport = {
    ran: false,
    created: [],
    dropped: [],
    movedFromDefault: 0,
    expiredFromDefault: 0,
  };
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      lockKey,
    ]);
    if (!rows[0]?.locked) return report;
    report.ran = true;
    try {
      const plan = planRetention(now, await partitionDays(client), retentionDays);
      for (const day of plan.create) {
        report.movedFromDefault += await step(client, () => createDayPartition(client, day));
        report.created.push(day);
      }
      for (const day of plan.drop) {
        await step(client, () => dropDayPartition(client, day));
        report.dropped.push(day);
      }
      report.expiredFromDefault = await step(client, () => deleteExpiredDefaultRows(client, plan.cutoff));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch((err: Error) => (broken = err));
    }
    return report;
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    // A connection that failed mid-job may still hold the lock: it is closed, not pooled.
    client.release(broken);
  }
}

async function step<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = '3s'`);
    // Moving a backlog out of the default partition may outlast a request's statement timeout.
    await client.query(`SET LOCAL statement_timeout = '5min'`);
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Runs maintainPositions at start-up and every hour in the API process. Every replica runs it;
 * the advisory lock lets one at a time do the work. A failed run is logged and retried at the
 * next one: partitions exist days ahead, and rows of a day without one land in the default.
 */
export class PositionRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionReport | undefined> | undefined;
  /**
   * Unix seconds of this replica's last run that did the work, 0 before the first. A run that
   * found another replica holding the lock does not count: that replica's own gauge does.
   */
  lastSuccessSeconds = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly retentionDays: number,
    private readonly logger: Logger,
  ) {}

  start(intervalMs = retentionIntervalMs): void {
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  /** One run; a call while one is running waits for it instead of starting another. */
  run(now = new Date()): Promise<RetentionReport | undefined> {
    this.running ??= maintainPositions(this.pool, this.retentionDays, now)
      .then(
        (report) => {
          if (report.ran) this.lastSuccessSeconds = Date.now() / 1000;
          if (report.created.length || report.dropped.length || report.expiredFromDefault)
            this.logger.info(
              { ...report, retention_days: this.retentionDays },
              'position partitions maintained',
            );
          return report;
        },
        (err: unknown) => {
          this.logger.warn({ err }, 'position retention failed: retrying at the next run');
          return undefined;
        },
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
