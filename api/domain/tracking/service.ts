import { badRequest, notFound } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import { findVessel } from '../vessels/store.ts';
import { inBox, type LatestPage, type LatestPositions, pageOf } from './latest-positions.ts';
import type { LatestQuery, TrackQuery } from './schemas.ts';
import { type LatestPosition, track } from './store.ts';

export { ingestPositions } from './ingest.ts';

/** A page of the latest positions, in the box if one is given, as the cache's JSON texts. */
export async function latestPositions(latest: LatestPositions, query: LatestQuery): Promise<LatestPage> {
  let byMmsi = await latest.byMmsi();
  const { bbox } = query;
  if (bbox)
    byMmsi = Object.fromEntries(
      Object.entries(byMmsi).filter(([, json]) => inBox(JSON.parse(json) as LatestPosition, bbox)),
    );
  return pageOf(byMmsi, query.limit, query.cursor);
}

/** A vessel's positions from `from` to `to` (default: the 24 hours up to now), oldest first. */
export async function vesselTrack(db: Db, id: number, query: TrackQuery) {
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - 24 * 3600_000);
  if (from > to)
    throw badRequest('invalid query', [{ path: 'query.from', message: 'from must not be after to' }]);
  if (!(await findVessel(db, id))) throw notFound(`vessel ${id}`);
  const points = await track(db, id, from, to, query.limit);
  return { vessel_id: id, from: from.toISOString(), to: to.toISOString(), points };
}
