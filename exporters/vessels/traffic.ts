import type { PoolClient } from '../../lib/db/pool.ts';
import { type Collector, num, type Reading, type Sample, zeroFilled } from '../core/collector.ts';
import { activePortCallStatuses, sqlList, vesselTypes } from '../domains.ts';

/**
 * Vessels in port, the anchorage queue, berths, routes and turnaround. Every query reads only
 * open port calls (partial index port_calls_open_status), the berths and routes tables (sized by
 * the port, not by history) and the last 24 h of departures (index port_calls_departed_at).
 */
export function vesselTrafficCollector(options: { intervalSeconds: number }): Collector {
  return {
    name: 'vessel-traffic',
    intervalSeconds: options.intervalSeconds,
    gauges: [
      'vesselsInPort',
      'anchorageQueueLength',
      'anchorageLongestWait',
      'berthOccupied',
      'berthOccupancyRatio',
      'routeOpen',
      'routeScheduledVessels',
      'turnaroundAverage',
    ],
    counters: [],
    async refresh(db: PoolClient): Promise<Reading> {
      const [calls, berths, routes, turnaround] = [
        await openCalls(db),
        await berthState(db),
        await routeState(db),
        await turnaroundLastDay(db),
      ];
      const anchorage = calls.filter((c) => c.status === 'at_anchorage');
      const occupied = berths.filter((b) => b.occupied).length;
      return {
        gauges: {
          vesselsInPort: zeroFilled(
            { status: activePortCallStatuses, type: vesselTypes },
            calls.map((c) => ({ labels: { status: c.status, type: c.type }, value: c.count })),
          ),
          anchorageQueueLength: [{ labels: {}, value: anchorage.reduce((n, c) => n + c.count, 0) }],
          anchorageLongestWait: [
            anchorage.length
              ? { labels: {}, value: Math.max(...anchorage.map((c) => c.longestWait)), ageing: true }
              : { labels: {}, value: 0 },
          ],
          berthOccupied: berths.map((b) => ({ labels: { berth: b.code }, value: b.occupied ? 1 : 0 })),
          berthOccupancyRatio: [{ labels: {}, value: berths.length ? occupied / berths.length : 0 }],
          routeOpen: routes.map((r) => ({ labels: { route: r.code }, value: r.open ? 1 : 0 })),
          routeScheduledVessels: routes.map((r) => ({ labels: { route: r.code }, value: r.scheduled })),
          turnaroundAverage: [turnaround.sample],
        },
        counters: {},
        rowsScanned:
          calls.reduce((n, c) => n + c.count, 0) + berths.length + routes.length + turnaround.departed,
      };
    },
  };
}

async function openCalls(db: PoolClient) {
  const { rows } = await db.query<{ status: string; type: string; count: number; longest_wait: number }>(
    `SELECT pc.status, v.type, count(*) AS count,
            extract(epoch FROM now() - min(coalesce(pc.arrived_at, pc.updated_at)))::float8 AS longest_wait
       FROM port_calls pc JOIN vessels v ON v.id = pc.vessel_id
      WHERE pc.status IN (${sqlList(activePortCallStatuses)})
      GROUP BY pc.status, v.type`,
  );
  return rows.map((r) => ({
    status: r.status,
    type: r.type,
    count: num(r.count),
    longestWait: num(r.longest_wait),
  }));
}

async function berthState(db: PoolClient) {
  const { rows } = await db.query<{ code: string; occupied: boolean }>(
    `SELECT b.code, pc.id IS NOT NULL AS occupied
       FROM berths b LEFT JOIN port_calls pc ON pc.berth_id = b.id AND pc.status = 'berthed'`,
  );
  return rows;
}

async function routeState(db: PoolClient) {
  const { rows } = await db.query<{ code: string; open: boolean; scheduled: number }>(
    `SELECT r.code, r.status = 'open' AS open, count(pc.id) AS scheduled
       FROM routes r
       LEFT JOIN port_calls pc
         ON pc.status IN (${sqlList(activePortCallStatuses)}) AND r.id IN (pc.entry_route_id, pc.exit_route_id)
      GROUP BY r.code, r.status`,
  );
  return rows.map((r) => ({ code: r.code, open: r.open, scheduled: num(r.scheduled) }));
}

/** NaN when no port call departed in the window: there is no average to report. */
async function turnaroundLastDay(db: PoolClient): Promise<{ sample: Sample; departed: number }> {
  const { rows } = await db.query<{ departed: number; average: number | null }>(
    `SELECT count(*) AS departed, avg(extract(epoch FROM departed_at - arrived_at))::float8 AS average
       FROM port_calls
      WHERE departed_at > now() - interval '24 hours' AND departed_at <= now() AND arrived_at IS NOT NULL`,
  );
  const row = rows[0];
  const average = row?.average ?? null;
  return {
    sample: { labels: {}, value: average === null ? Number.NaN : Number(average) },
    departed: num(row?.departed),
  };
}
