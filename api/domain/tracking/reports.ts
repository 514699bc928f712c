import { positionRejectReasons } from '../../../lib/domain/vocabulary.ts';

/** One AIS-like position report after validation; ts in epoch milliseconds. */
export interface PositionReport {
  mmsi: string;
  ts: number;
  lat: number;
  lon: number;
  sog: number | null;
  cog: number | null;
  heading: number | null;
  nav_status: number | null;
}

/** Bounded set of reasons: they are the `reason` label of porttrack_positions_rejected_total. */
export const rejectReasons = positionRejectReasons;
export type RejectReason = (typeof rejectReasons)[number];

export interface Rejection {
  index: number;
  reason: RejectReason;
}

export const maxReportsPerRequest = 5000;
/** Default of PORTTRACK_INGEST_FUTURE_TOLERANCE_S: clock skew, not a way to pin a latest position. */
export const defaultFutureToleranceMs = 30_000;
const maxAgeMs = 7 * 24 * 3600_000;

/**
 * Checks one report by hand rather than with zod: ingest validates thousands per request and
 * needs a single, bounded reason per rejected report. Extra fields are ignored.
 */
export function checkReport(
  input: unknown,
  now: number,
  futureToleranceMs = defaultFutureToleranceMs,
): PositionReport | RejectReason {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'not_an_object';
  const r = input as Record<string, unknown>;
  const mmsi = typeof r.mmsi === 'number' && Number.isInteger(r.mmsi) ? String(r.mmsi) : r.mmsi;
  if (typeof mmsi !== 'string' || mmsi.length !== 9 || !isDigits(mmsi)) return 'invalid_mmsi';
  const ts = typeof r.ts === 'string' && r.ts.length <= 40 ? Date.parse(r.ts) : Number.NaN;
  if (Number.isNaN(ts)) return 'invalid_ts';
  if (ts > now + futureToleranceMs) return 'ts_in_future';
  if (ts < now - maxAgeMs) return 'ts_too_old';
  if (!inRange(r.lat, -90, 90)) return 'invalid_lat';
  if (!inRange(r.lon, -180, 180)) return 'invalid_lon';
  if (!optionalInRange(r.sog, 0, 102.3)) return 'invalid_sog';
  if (!optionalInRange(r.cog, 0, 360)) return 'invalid_cog';
  // AIS: 0-359 degrees, 511 = not available.
  if (!optionalInt(r.heading, 0, 359) && r.heading !== 511) return 'invalid_heading';
  if (!optionalInt(r.nav_status, 0, 15)) return 'invalid_nav_status';
  return {
    mmsi,
    ts,
    lat: r.lat as number,
    lon: r.lon as number,
    sog: (r.sog as number | undefined) ?? null,
    cog: (r.cog as number | undefined) ?? null,
    heading: (r.heading as number | undefined) ?? null,
    nav_status: (r.nav_status as number | undefined) ?? null,
  };
}

export function checkReports(
  inputs: readonly unknown[],
  now = Date.now(),
  futureToleranceMs = defaultFutureToleranceMs,
) {
  const valid: PositionReport[] = [];
  /** Each valid report's index in the request, for refusals found later (unknown vessels). */
  const validIndexes: number[] = [];
  const rejected: Rejection[] = [];
  inputs.forEach((input, index) => {
    const result = input === malformed ? 'malformed_json' : checkReport(input, now, futureToleranceMs);
    if (typeof result === 'string') rejected.push({ index, reason: result });
    else {
      valid.push(result);
      validIndexes.push(index);
    }
  });
  return { valid, rejected, validIndexes };
}

/** Marks an NDJSON line that did not parse, so it is rejected with its index like any other. */
export const malformed = Symbol('malformed');

/** NDJSON: one report per non-empty line. */
export function parseNdjson(body: string): unknown[] {
  const out: unknown[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      out.push(malformed);
    }
  }
  return out;
}

const isDigits = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};
const inRange = (v: unknown, min: number, max: number) => typeof v === 'number' && v >= min && v <= max;
const optionalInRange = (v: unknown, min: number, max: number) =>
  v === undefined || v === null || inRange(v, min, max);
const optionalInt = (v: unknown, min: number, max: number) =>
  v === undefined || v === null || (Number.isInteger(v) && inRange(v, min, max));
