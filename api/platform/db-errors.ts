import { badRequest, conflict, HttpError } from '../../lib/http/errors.ts';

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
  message?: string;
}

/** Seconds a client is asked to wait before retrying while the database is away or slow. */
export const databaseRetryAfterSeconds = 2;

/** 503 with Retry-After: the request was fine, the database could not serve it now. */
export const databaseUnavailable = (message: string, cause?: unknown) =>
  new HttpError(503, message, {
    reason: 'database_unavailable',
    headers: { 'Retry-After': String(databaseRetryAfterSeconds) },
    cause,
  });

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * pg-pool's answer when every client stayed busy for the whole connect timeout: this process has
 * more work than connections, the database itself may be fine ("Connection terminated due to
 * connection timeout" is the other one: a new connection that did not open in time).
 */
export function isPoolBusy(err: unknown): boolean {
  return (err as PgError).message === 'timeout exceeded when trying to connect';
}

/**
 * A new connection that failed in a way that proves little while the connections already open
 * still answer: its handshake outlasted the connect timeout on a busy machine (a task starting
 * beside the API takes both cores), or PostgreSQL was at max_connections (53300) while a rolling
 * update briefly runs one task more. An outage only when it persists.
 */
export function isMomentaryConnectFailure(err: unknown): boolean {
  const { code, message } = err as PgError;
  return code === '53300' || message === 'Connection terminated due to connection timeout';
}

/**
 * True for errors that say the database cannot be reached or is going away (not that the query
 * was wrong): socket errors, pg's connect and checkout timeouts, SQLSTATE class 08 (connection),
 * 57P01-57P03 (shutdown, crash, not accepting connections) and 53300 (too many connections).
 */
export function isUnavailable(err: unknown): boolean {
  const { code, message } = err as PgError;
  if (
    code &&
    (networkCodes.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')
  )
    return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect/.test(message)
  );
}

/**
 * Database errors a client can provoke through races (unique keys, foreign keys) become 409s;
 * values PostgreSQL's types refuse become 400s; an unreachable database or a statement timeout
 * becomes 503 with Retry-After. Anything else stays a 500.
 */
export function translatePgError(err: unknown): unknown {
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
    return badRequest('a value is out of range for its field');
  // statement_timeout: the database is too slow right now, not broken by this request.
  if (code === '57014')
    return databaseUnavailable('the database took too long to answer; retry shortly', err);
  if (isUnavailable(err)) return databaseUnavailable('the database is unavailable; retry shortly', err);
  return err;
}
