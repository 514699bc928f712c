import type { Queryable } from '../../platform/db.ts';
import type { PositionReport } from './reports.ts';

/** A vessel's latest position as the API serves it. */
export interface LatestPosition {
  mmsi: string;
  vessel_id: number | null;
  ts: string;
  lat: number;
  lon: number;
  sog: number | null;
  cog: number | null;
  heading: number | null;
  nav_status: number | null;
}

const latestColumns = `mmsi, vessel_id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts, lat, lon, sog, cog, heading, nav_status`;

/**
 * Stores a batch in ONE statement: unnest the column arrays, append to the history and upsert
 * the per-vessel latest row (only when newer), returning the latest rows that changed. Rows are
 * upserted in mmsi order so concurrent batches lock in the same order and cannot deadlock.
 */
export async function storeBatch(
  q: Queryable,
  reports: readonly PositionReport[],
): Promise<LatestPosition[]> {
  const n = reports.length;
  const cols = {
    mmsi: new Array<string>(n),
    ts: new Array<number>(n),
    lat: new Array<number>(n),
    lon: new Array<number>(n),
    sog: new Array<number | null>(n),
    cog: new Array<number | null>(n),
    heading: new Array<number | null>(n),
    nav: new Array<number | null>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = reports[i] as PositionReport;
    cols.mmsi[i] = r.mmsi;
    cols.ts[i] = r.ts;
    cols.lat[i] = r.lat;
    cols.lon[i] = r.lon;
    cols.sog[i] = r.sog;
    cols.cog[i] = r.cog;
    cols.heading[i] = r.heading;
    cols.nav[i] = r.nav_status;
  }
  return q.query<LatestPosition>(
    'positions.ingest',
    `WITH batch AS MATERIALIZED (
       SELECT v.id AS vessel_id, u.mmsi, to_timestamp(u.ts_ms / 1000.0) AS ts, u.lat, u.lon, u.sog, u.cog, u.heading, u.nav_status
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::real[], $6::real[], $7::int2[], $8::int2[])
         AS u (mmsi, ts_ms, lat, lon, sog, cog, heading, nav_status)
       LEFT JOIN vessels v ON v.mmsi = u.mmsi::char(9)
     ), history AS (
       INSERT INTO positions (vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status)
       SELECT vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status FROM batch
     ), latest AS (
       INSERT INTO vessel_latest_positions (mmsi, vessel_id, ts, lat, lon, sog, cog, heading, nav_status, received_at)
       SELECT DISTINCT ON (mmsi) mmsi, vessel_id, ts, lat, lon, sog, cog, heading, nav_status, now()
       FROM batch ORDER BY mmsi, ts DESC
       ON CONFLICT (mmsi) DO UPDATE SET vessel_id = EXCLUDED.vessel_id, ts = EXCLUDED.ts, lat = EXCLUDED.lat,
         lon = EXCLUDED.lon, sog = EXCLUDED.sog, cog = EXCLUDED.cog, heading = EXCLUDED.heading,
         nav_status = EXCLUDED.nav_status, received_at = EXCLUDED.received_at
       WHERE EXCLUDED.ts > vessel_latest_positions.ts
       RETURNING ${latestColumns}
     )
     SELECT * FROM latest`,
    [cols.mmsi, cols.ts, cols.lat, cols.lon, cols.sog, cols.cog, cols.heading, cols.nav],
  );
}

export function latestFromDatabase(q: Queryable): Promise<LatestPosition[]> {
  return q.query<LatestPosition>('positions.latest', `SELECT ${latestColumns} FROM vessel_latest_positions`);
}

export function track(q: Queryable, vesselId: number, from: Date, to: Date, limit: number) {
  return q.query(
    'positions.track',
    `SELECT ts, lat, lon, sog, cog, heading, nav_status FROM positions
     WHERE vessel_id = $1 AND ts >= $2 AND ts <= $3 ORDER BY ts LIMIT $4`,
    [vesselId, from, to, limit],
  );
}
