import type { PoolClient } from '../../lib/db/pool.ts';
import { syntheticVessel } from '../../lib/domain/synthetic-vessel.ts';
import { type Collector, num, type Reading } from '../core/collector.ts';
import { inPortStatuses, sqlList } from '../domains.ts';

/**
 * AIS feed freshness without touching the position history: the newest received_at is one
 * backward step of index positions_received_at, and staleness per vessel comes from
 * vessel_latest_positions (one row per vessel) joined to the open port calls. The synthetic
 * probes' vessel counts for neither: probes that succeed must never hide a silent feed.
 */
export function aisFeedCollector(options: { intervalSeconds: number; staleSeconds: number }): Collector {
  return {
    name: 'ais-feed',
    intervalSeconds: options.intervalSeconds,
    gauges: ['newestPositionAge', 'vesselsStalePosition'],
    counters: [],
    async refresh(db: PoolClient): Promise<Reading> {
      const newest = await db.query<{ age: number | null }>(
        `SELECT extract(epoch FROM now() - (SELECT max(received_at) FROM positions WHERE mmsi <> $1))::float8 AS age`,
        [syntheticVessel.mmsi],
      );
      const stale = await db.query<{ stale: number; in_port: number }>(
        `SELECT count(*) FILTER (WHERE lp.ts IS NULL OR lp.ts < now() - make_interval(secs => $1)) AS stale,
                count(*) AS in_port
           FROM port_calls pc
           JOIN vessels v ON v.id = pc.vessel_id
           LEFT JOIN vessel_latest_positions lp ON lp.mmsi = v.mmsi
          WHERE pc.status IN (${sqlList(inPortStatuses)}) AND v.mmsi <> $2`,
        [options.staleSeconds, syntheticVessel.mmsi],
      );
      const age = newest.rows[0]?.age ?? null;
      return {
        gauges: {
          // NaN until the first position ever arrives: there is no age to report.
          newestPositionAge: [
            { labels: {}, value: age === null ? Number.NaN : Number(age), ageing: age !== null },
          ],
          vesselsStalePosition: [{ labels: {}, value: num(stale.rows[0]?.stale) }],
        },
        counters: {},
        rowsScanned: 1 + num(stale.rows[0]?.in_port),
      };
    },
  };
}
