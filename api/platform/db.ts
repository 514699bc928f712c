import type pg from 'pg';
import type { Histogram } from 'prom-client';
import { HttpError } from '../../lib/http/errors.ts';
import {
  databaseUnavailable,
  isMomentaryConnectFailure,
  isPoolBusy,
  isUnavailable,
  translatePgError,
} from './db-errors.ts';
import { cancelBackend } from './pg-cancel.ts';
import { ClientGone, currentSignal, DeadlineExceeded } from './request-scope.ts';

/** Runs SQL; `operation` is a fixed name from the code (`vessels.list`), used as metric label. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    operation: string,
    sql: string,
    params?: unknown[],
  ): Promise<R[]>;
}

export interface Db extends Queryable {
  pool: pg.Pool;
  /** Runs fn in one transaction; any throw rolls back. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
}

export interface DbOptions {
  /**
   * After the database proved unreachable, answer 503 at once for this long instead of letting
   * every request wait for its own connection attempt (fail fast, then try again).
   */
  openCircuitMs?: number;
  /**
   * A new connection that timed out, or that PostgreSQL refused at max_connections, opens the
   * circuit only once no query has been answered for this long: until then the database is
   * answering and the request tries again within its deadline. A connection refused by the
   * network or cut opens it at once.
   */
  suspectAfterMs?: number;
  /**
   * How long a query waits for a free client of a full pool (in steps of the pool's connect
   * timeout) before 503: the request deadline, so a burst queues instead of failing.
   */
  poolWaitMs?: number;
}

/**
 * The data-access entry point. Every query is timed by operation and runs on a checked-out client
 * so that it can be cancelled: when the request's signal fires (client gone, deadline passed) the
 * server is told to cancel the statement and the connection is discarded. Race errors become 409s,
 * an unreachable or too slow database 503 with Retry-After.
 */
export function createDb(pool: pg.Pool, duration: Histogram<'operation'>, options: DbOptions = {}): Db {
  const openCircuitMs = options.openCircuitMs ?? 1000;
  const suspectAfterMs = options.suspectAfterMs ?? 5000;
  const poolWaitMs = options.poolWaitMs ?? 20_000;
  let closedAfter = 0;
  let openedBy: unknown;
  let lastAnsweredAt = Date.now();
  const children = new Map<string, ReturnType<typeof duration.labels>>();
  const failed = (err: unknown): unknown => {
    if (isUnavailable(err)) {
      closedAfter = Date.now() + openCircuitMs;
      openedBy = err;
    }
    return translatePgError(err);
  };
  /** Not proof that the database is away: it answered a query within suspectAfterMs. */
  const momentary = (err: unknown) =>
    isMomentaryConnectFailure(err) && Date.now() - lastAnsweredAt < suspectAfterMs;
  const checkout = async (): Promise<pg.PoolClient> => {
    if (Date.now() < closedAfter)
      throw databaseUnavailable('the database is unavailable; retry shortly', openedBy);
    const signal = currentSignal();
    const started = Date.now();
    for (;;) {
      abandoned(signal);
      try {
        return await pool.connect();
      } catch (err) {
        // The circuit fails every request of the replica for openCircuitMs, writes included: it
        // opens only on proof that the database is away. Otherwise wait on for a client, up to
        // poolWaitMs (the request's deadline, whose signal may end it sooner: 503
        // deadline_exceeded, or 499 once the client left); only then 503.
        const busy = isPoolBusy(err);
        if (!busy && !momentary(err)) throw failed(err);
        if (Date.now() - started >= poolWaitMs)
          throw databaseUnavailable(
            'no database connection of this replica came free in time; retry shortly',
            err,
          );
        // A refusal at max_connections comes back at once: pause before asking again.
        if (!busy) await new Promise((r) => setTimeout(r, momentaryRetryPauseMs));
      }
    }
  };
  const timed = async <R extends pg.QueryResultRow>(
    client: pg.PoolClient,
    operation: string,
    sql: string,
    params: unknown[] | undefined,
  ): Promise<R[]> => {
    let child = children.get(operation);
    if (!child) children.set(operation, (child = duration.labels(operation)));
    const end = child.startTimer();
    try {
      const { rows } = await cancellable(client, () => client.query<R>(sql, params), currentSignal());
      lastAnsweredAt = Date.now();
      return rows;
    } catch (err) {
      throw err instanceof HttpError ? err : failed(err);
    } finally {
      end();
    }
  };
  return {
    pool,
    async query(operation, sql, params) {
      const client = await checkout();
      let broken: unknown;
      try {
        return await timed(client, operation, sql, params);
      } catch (err) {
        broken = brokenBy(err);
        throw err;
      } finally {
        client.release(broken as Error | undefined);
      }
    },
    async tx(fn) {
      const client = await checkout();
      let broken: unknown;
      try {
        await timed(client, 'tx.begin', 'BEGIN', undefined);
        const result = await fn({ query: (operation, sql, params) => timed(client, operation, sql, params) });
        await timed(client, 'tx.commit', 'COMMIT', undefined);
        return result;
      } catch (err) {
        broken = brokenBy(err);
        if (!broken) await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        throw err;
      } finally {
        client.release(broken as Error | undefined);
      }
    },
  };
}

const momentaryRetryPauseMs = 100;

/** Marks connections that must not go back to the pool (abandoned mid-query, or dead). */
class Abandoned extends HttpError {}

function brokenBy(err: unknown): unknown {
  if (err instanceof Abandoned) return err;
  return err instanceof HttpError && err.extra.reason === 'database_unavailable' ? err : undefined;
}

/** Throws when the request was already abandoned, so no new statement starts for it. */
function abandoned(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abandonError(signal.reason);
}

function abandonError(reason: unknown): HttpError {
  if (reason instanceof DeadlineExceeded)
    return new Abandoned(503, 'the request took too long; retry shortly', {
      reason: 'deadline_exceeded',
      headers: { 'Retry-After': '1' },
    });
  // Nobody reads this answer: the client is gone. 499 keeps it out of the 5xx error budget.
  return new Abandoned(499, reason instanceof ClientGone ? reason.message : 'request abandoned');
}

/** Runs `run` on `client`; if `signal` fires first, cancels the statement and rejects at once. */
const cancellable = <T>(client: pg.PoolClient, run: () => Promise<T>, signal: AbortSignal | undefined) =>
  untilAbandoned(run, signal, () => cancelBackend(client));

/**
 * What `run` gives, unless the request's signal fires first: then `onAbort` runs and the request's
 * abandonment (503 deadline_exceeded, or 499 once the client left) rejects at once. Also for a
 * caller waiting on work it shares with other requests (shared-reads.ts), which goes on for them.
 */
export function untilAbandoned<T>(
  run: () => Promise<T>,
  signal: AbortSignal | undefined = currentSignal(),
  onAbort: () => void = () => undefined,
): Promise<T> {
  if (!signal) return run();
  abandoned(signal);
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(abandonError(signal.reason));
    };
    signal.addEventListener('abort', abort, { once: true });
    run().then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      },
    );
  });
}
