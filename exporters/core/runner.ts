import pg from 'pg';
import type { Pool, PoolClient } from '../../lib/db/pool.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Collector, Labels, Reading } from './collector.ts';

/**
 * The self metrics a refresh records: the prom-client instruments themselves, or (in the
 * refresh thread) stand-ins that forward each call to the thread serving /metrics.
 */
export interface SelfMetrics {
  refreshErrors: { inc(labels: Labels, value?: number): void };
  rowsScanned: { inc(labels: Labels, value?: number): void };
  databaseUp: { set(value: number): void };
  refreshDuration: { set(labels: Labels, value: number): void };
  lastRefreshSuccess: { set(labels: Labels, value: number): void };
}

/** Where a successful refresh's values go (the MetricCache, or the thread that holds it). */
export interface ReadingSink {
  publish(collector: Collector, reading: Reading): void;
}

export interface RunnerDeps {
  pool: Pool;
  cache: ReadingSink;
  instruments: SelfMetrics;
  logger: Logger;
  statementTimeoutMs: number;
  /**
   * Bound on a whole refresh (connect, every query, commit). statement_timeout is enforced by the
   * server and reaches us only if its answer does: a server or network that stops answering
   * would otherwise hang the refresh, and every later tick with it.
   */
  refreshDeadlineMs: number;
}

/** A checked-out connection that is given back once, whichever path gets there first. */
class Checkout {
  private released = false;
  constructor(
    readonly client: PoolClient,
    private readonly onError: (err: Error) => void,
  ) {
    client.on('error', onError);
  }
  release(destroy: boolean): void {
    if (this.released) return;
    this.released = true;
    this.client.off('error', this.onError);
    this.client.release(destroy);
  }
}

/**
 * Runs one collector's refreshes: never two at once (a call during a refresh joins it), each in a
 * read-only REPEATABLE READ transaction (one snapshot for all its queries) with a
 * statement_timeout, within an overall deadline, and records the self metrics. A failure keeps
 * the last values published.
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
    const labels = { collector: this.collector.name };
    const started = performance.now();
    this.runs += 1;
    const attempt = { checkout: undefined as Checkout | undefined, abandoned: false };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.deps.refreshDeadlineMs);
    });
    const outcome = await Promise.race([this.attempt(attempt).then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'deadline') {
      // Whatever the refresh is still waiting for will never be published: drop its connection
      // (which fails its pending query) and let the next tick start afresh.
      attempt.abandoned = true;
      attempt.checkout?.release(true);
      this.deps.instruments.databaseUp.set(0);
      this.failed(
        new Error(`refresh exceeded its ${this.deps.refreshDeadlineMs} ms deadline`),
        'refresh abandoned at its deadline; serving the last values',
      );
    }
    this.deps.instruments.refreshDuration.set(labels, (performance.now() - started) / 1000);
    this.deps.logger.debug({ collector: this.collector.name, ms: performance.now() - started }, 'refreshed');
  }

  /** One refresh; once `abandoned` is set it publishes and records nothing. */
  private async attempt(state: { checkout: Checkout | undefined; abandoned: boolean }): Promise<void> {
    const { instruments, logger, pool } = this.deps;
    const labels = { collector: this.collector.name };
    // A connection cut while checked out between two queries emits 'error' on the client, where
    // the pool's idle listener is not attached: without this the process would crash. The
    // failed query that follows reports the outage.
    const onClientError = (err: Error) =>
      logger.warn({ err, collector: this.collector.name }, 'database connection lost');
    try {
      const client = await pool.connect();
      state.checkout = new Checkout(client, onClientError);
      if (state.abandoned) return state.checkout.release(true);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SELECT set_config('statement_timeout', $1, true)`, [
        String(this.deps.statementTimeoutMs),
      ]);
    } catch (err) {
      state.checkout?.release(true);
      if (state.abandoned) return;
      instruments.databaseUp.set(0);
      this.failed(err, 'cannot reach the database; serving the last values until it answers again');
      return;
    }
    const checkout = state.checkout;
    try {
      const reading = await this.collector.refresh(checkout.client);
      await checkout.client.query('COMMIT');
      checkout.release(false);
      if (state.abandoned) return;
      instruments.databaseUp.set(1);
      this.deps.cache.publish(this.collector, reading);
      this.succeeded = true;
      instruments.lastRefreshSuccess.set(labels, Date.now() / 1000);
      instruments.rowsScanned.inc(labels, reading.rowsScanned);
    } catch (err) {
      // The connection may be broken or mid-transaction: throw it away rather than reuse it.
      checkout.release(true);
      if (state.abandoned) return;
      instruments.databaseUp.set(answeredByServer(err) ? 1 : 0);
      this.failed(err, 'refresh query failed; serving the last values');
    }
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
