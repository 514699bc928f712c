import type pg from 'pg';
import type { Histogram } from 'prom-client';
import { conflict, HttpError } from '../../lib/http/errors.ts';

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

/**
 * The data-access entry point: every query is timed by operation, and the few database errors a
 * client can provoke through races (unique keys, foreign keys) become 409s instead of 500s.
 */
export function createDb(pool: pg.Pool, duration: Histogram<'operation'>): Db {
  const children = new Map<string, ReturnType<typeof duration.labels>>();
  const timed = async <R extends pg.QueryResultRow>(
    run: (sql: string, params?: unknown[]) => Promise<pg.QueryResult<R>>,
    operation: string,
    sql: string,
    params?: unknown[],
  ): Promise<R[]> => {
    let child = children.get(operation);
    if (!child) children.set(operation, (child = duration.labels(operation)));
    const end = child.startTimer();
    try {
      return (await run(sql, params)).rows;
    } catch (err) {
      throw translatePgError(err);
    } finally {
      end();
    }
  };
  return {
    pool,
    query: (operation, sql, params) => timed((s, p) => pool.query(s, p), operation, sql, params),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (operation, sql, params) => timed((s, p) => client.query(s, p), operation, sql, params),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

// Constraint names from api/migrations, mapped to the reasons documented in docs/api.md.
const uniqueReasons: Record<string, [string, string]> = {
  vessels_imo_key: ['duplicate_imo', 'a vessel with this IMO number exists'],
  vessels_mmsi_key: ['duplicate_mmsi', 'a vessel with this MMSI exists'],
  berths_code_key: ['duplicate_code', 'a berth with this code exists'],
  routes_code_key: ['duplicate_code', 'a route with this code exists'],
  staff_employee_no_key: ['duplicate_employee_no', 'a staff member with this employee number exists'],
  users_email_key: ['duplicate_email', 'a user with this email exists'],
  port_calls_one_per_berth: ['berth_occupied', 'another vessel is berthed there'],
  port_calls_one_open_per_vessel: ['vessel_has_open_port_call', 'the vessel already has an open port call'],
  shift_staff_pkey: ['already_on_roster', 'the staff member is already on this shift'],
};

interface PgError {
  code?: string;
  constraint?: string;
}

function translatePgError(err: unknown): unknown {
  const { code, constraint } = err as PgError;
  if (code === '23505') {
    const [reason, message] = uniqueReasons[constraint ?? ''] ?? [
      'duplicate',
      'a record with these values exists',
    ];
    return conflict(reason, message);
  }
  if (code === '23503')
    return conflict(
      'referenced_record',
      'the record is referenced by, or references, a missing or used record',
    );
  // Values that passed validation but not PostgreSQL's types: still the client's input.
  if (code === '22P02' || code === '22003' || code === '22007' || code === '22008' || code === '22021')
    return new HttpError(400, 'a value is out of range for its field');
  return err;
}
