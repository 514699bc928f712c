import pg from 'pg';

export interface PoolOptions {
  connectionString: string;
  max?: number;
  applicationName: string;
  /** Server-side bound on every statement, in milliseconds. */
  statementTimeoutMs?: number;
}

// PostgreSQL numeric and bigint come back as strings by default; our counts and quantities fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function createPool(options: PoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
}

export type { Pool, PoolClient, QueryResultRow } from 'pg';
