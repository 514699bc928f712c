import pg from 'pg';
import { parseTimestamptz } from './timestamps.ts';

export interface PoolOptions {
  connectionString: string;
  max?: number;
  applicationName: string;
  /** How long to wait for a connection (new or from the pool) before failing, in milliseconds. */
  connectionTimeoutMs?: number;
  /** Server-side bound on every statement, in milliseconds. */
  statementTimeoutMs?: number;
  /**
   * Called when an idle client's connection breaks (database restarted, connection terminated).
   * Without a listener pg's 'error' event would crash the process; the pool replaces the client
   * and the next query reports the outage where it can be handled.
   */
  onIdleError?: (err: Error) => void;
}

// PostgreSQL numeric and bigint come back as strings by default; our counts and quantities fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  pool.on(
    'error',
    options.onIdleError ?? ((err) => console.error(`postgres idle client error: ${err.message}`)),
  );
  // pg-pool takes its error listener off a client while it is checked out: a connection that
  // dies mid-query (PostgreSQL restarted, a proxy cut it) would then emit 'error' with nobody
  // listening, an uncaught exception that ends the process. The query fails with the error anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export type { Pool, PoolClient, QueryResultRow } from 'pg';
