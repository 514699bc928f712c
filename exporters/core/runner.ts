import pg from 'pg';
import type { Pool, PoolClient } from '../../lib/db/pool.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Instruments } from '../../lib/metrics/registry.ts';
import type { exporters } from '../../lib/catalog/exporters.ts';
import type { MetricCache } from './cache.ts';
import type { Collector } from './collector.ts';

export interface RunnerDeps {
  pool: Pool;
  cache: MetricCache;
  instruments: Instruments<typeof exporters>;
  logger: Logger;
  statementTimeoutMs: number;
}

/**
 * Runs one collector's refreshes: never two at once (a call during a refresh joins it), each in a
 * read-only REPEATABLE READ transaction (one snapshot for all its queries) with a
 * statement_timeout, and records the self metrics. A failure keeps the last values published.
 */
export class CollectorRunner {
  private inFlight: Promise<void> | undefined;
  /** True once a refresh has succeeded: the cache holds real values. */
  succeeded = false;
  /** Refreshes started, for tests and the benchmark. */
  runs = 0;

  constructor(
    readonly collector: Collector,
    private readonly deps: RunnerDeps,
  ) {
    const labels = { collector: collector.name };
    deps.instruments.refreshErrors.inc(labels, 0);
    deps.instruments.rowsScanned.inc(labels, 0);
  }

  /** Resolves when no refresh is running. */
  idle(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  refresh(): Promise<void> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async run(): Promise<void> {
    const { instruments, logger, pool } = this.deps;
    const labels = { collector: this.collector.name };
    const started = performance.now();
    this.runs += 1;
    let client: PoolClient | undefined;
    // A connection cut while checked out between two queries emits 'error' on the client, where
    // the pool's idle listener is not attached: without this the process would crash. The
    // failed query that follows reports the outage.
    const onClientError = (err: Error) =>
      logger.warn({ err, collector: this.collector.name }, 'database connection lost');
    try {
      client = await pool.connect();
      client.on('error', onClientError);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SELECT set_config('statement_timeout', $1, true)`, [
        String(this.deps.statementTimeoutMs),
      ]);
    } catch (err) {
      client?.off('error', onClientError);
      client?.release(true);
      instruments.databaseUp.set(0);
      this.failed(err, 'cannot reach the database; serving the last values until it answers again');
      instruments.refreshDuration.set(labels, (performance.now() - started) / 1000);
      return;
    }
    instruments.databaseUp.set(1);
    try {
      const reading = await this.collector.refresh(client);
      await client.query('COMMIT');
      client.off('error', onClientError);
      client.release();
      this.deps.cache.publish(this.collector, reading);
      this.succeeded = true;
      instruments.lastRefreshSuccess.set(labels, Date.now() / 1000);
      instruments.rowsScanned.inc(labels, reading.rowsScanned);
    } catch (err) {
      // The connection may be broken or mid-transaction: throw it away rather than reuse it.
      client.off('error', onClientError);
      client.release(true);
      if (!answeredByServer(err)) instruments.databaseUp.set(0);
      this.failed(err, 'refresh query failed; serving the last values');
    } finally {
      instruments.refreshDuration.set(labels, (performance.now() - started) / 1000);
    }
    logger.debug({ collector: this.collector.name, ms: performance.now() - started }, 'refreshed');
  }

  private failed(err: unknown, message: string): void {
    this.deps.instruments.refreshErrors.inc({ collector: this.collector.name });
    this.deps.logger.warn(
      { err, collector: this.collector.name },
      `${message} (check DATABASE_URL, that the user has role porttrack_read, and the statement timeout)`,
    );
  }
}

/**
 * An error with a SQLSTATE outside connection failures (class 08) and shutdowns (57P0x) means the
 * server answered: the database is up, the query was wrong or too slow.
 */
function answeredByServer(err: unknown): boolean {
  if (!(err instanceof pg.DatabaseError) || typeof err.code !== 'string') return false;
  return !err.code.startsWith('08') && !err.code.startsWith('57P');
}
