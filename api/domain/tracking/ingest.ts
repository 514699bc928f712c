import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import { HttpError } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import type { LatestPositions } from './latest-positions.ts';
import type { PositionStream } from './position-stream.ts';
import { checkReports, maxReportsPerRequest, type PositionReport, type Rejection } from './reports.ts';
import { storeBatch } from './store.ts';

export interface IngestDeps {
  db: Db;
  latest: LatestPositions;
  stream: PositionStream;
  logger: Logger;
  ingested: Counter;
  rejected: Counter<'reason'>;
  lag: Histogram;
  /** PORTTRACK_INGEST_FUTURE_TOLERANCE_S in milliseconds. */
  futureToleranceMs: number;
}

/**
 * Validates a batch, stores the valid reports (history + latest, one statement), then updates
 * the cache and the live stream. Invalid reports are refused one by one with a reason; the rest
 * are stored. The cache and stream are best effort: PostgreSQL already holds the truth.
 */
export async function ingestPositions(
  deps: IngestDeps,
  inputs: readonly unknown[],
): Promise<{ accepted: number; rejected: Rejection[] }> {
  if (inputs.length > maxReportsPerRequest)
    throw new HttpError(413, `at most ${maxReportsPerRequest} reports per request; split the batch`, {
      details: [{ path: 'body', message: `${inputs.length} reports sent` }],
    });
  const now = Date.now();
  const checked = checkReports(inputs, now, deps.futureToleranceMs);
  const { valid, rejected } = await onlyKnownVessels(deps.db, checked);
  for (const r of rejected) deps.rejected.inc({ reason: r.reason });
  if (valid.length === 0) return { accepted: 0, rejected };
  const changed = await storeBatch(deps.db, valid);
  deps.ingested.inc(valid.length);
  const stored = Date.now();
  for (const r of valid) deps.lag.observe(Math.max(0, (stored - r.ts) / 1000));
  try {
    await deps.latest.write(changed);
    await deps.stream.publish(changed);
  } catch (err) {
    deps.logger.warn({ err }, 'positions stored, but the cache or live stream update failed');
  }
  return { accepted: valid.length, rejected };
}

/**
 * Only vessels in the inventory are tracked: a report for an MMSI no vessel has is refused with
 * `unknown_vessel`, so no caller can grow the position tables with made-up vessels.
 */
async function onlyKnownVessels(
  db: Db,
  checked: { valid: PositionReport[]; rejected: Rejection[]; validIndexes: number[] },
): Promise<{ valid: PositionReport[]; rejected: Rejection[] }> {
  if (checked.valid.length === 0) return checked;
  const mmsis = [...new Set(checked.valid.map((r) => r.mmsi))];
  const rows = await db.query<{ mmsi: string }>(
    'positions.known_vessels',
    'SELECT mmsi FROM vessels WHERE mmsi = ANY($1::char(9)[])',
    [mmsis],
  );
  const known = new Set(rows.map((r) => r.mmsi));
  if (known.size === mmsis.length) return checked;
  const valid: PositionReport[] = [];
  const rejected = [...checked.rejected];
  checked.valid.forEach((r, i) => {
    if (known.has(r.mmsi)) valid.push(r);
    else rejected.push({ index: checked.validIndexes[i]!, reason: 'unknown_vessel' });
  });
  rejected.sort((a, b) => a.index - b.index);
  return { valid, rejected };
}
