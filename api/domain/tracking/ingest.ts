import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import { HttpError } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import type { LatestPositions } from './latest-positions.ts';
import type { PositionStream } from './position-stream.ts';
import { checkReports, maxReportsPerRequest, type Rejection } from './reports.ts';
import { storeBatch } from './store.ts';

export interface IngestDeps {
  db: Db;
  latest: LatestPositions;
  stream: PositionStream;
  logger: Logger;
  ingested: Counter;
  rejected: Counter<'reason'>;
  lag: Histogram;
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
  const { valid, rejected } = checkReports(inputs, now);
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
