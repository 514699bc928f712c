import type { PoolClient } from '../../lib/db/pool.ts';
import { type Collector, num, type Reading, zeroFilled } from '../core/collector.ts';
import { activeCargoStatuses, cargoCategories, cargoUnits, sqlList } from '../domains.ts';

/**
 * Active cargo operations (planned, in progress, stalled): counts, stalled ones and the queued
 * quantity. One query over the partial index cargo_operations_active: its size is the work going
 * on in the port now, not the history. Completed and cancelled operations are history; their
 * flow is the counter porttrack_cargo_handled_total (and the API's completed counter).
 */
export function cargoOperationsCollector(options: {
  intervalSeconds: number;
  stallSeconds: number;
}): Collector {
  return {
    name: 'cargo-operations',
    intervalSeconds: options.intervalSeconds,
    gauges: ['cargoOperations', 'cargoStalled', 'cargoStalledOldestAge', 'cargoQueued'],
    counters: [],
    async refresh(db: PoolClient): Promise<Reading> {
      const { rows } = await db.query<{
        status: string;
        category: string;
        unit: string;
        count: number;
        queued: number;
        stalled: number;
        oldest_stall: number | null;
      }>(
        `WITH active AS (
           SELECT status, category, unit, quantity - quantity_done AS queued,
                  status IN ('in_progress', 'stalled')
                    AND coalesce(last_progress_at, started_at, created_at) < now() - make_interval(secs => $1) AS is_stalled,
                  extract(epoch FROM now() - coalesce(last_progress_at, started_at, created_at))::float8 AS idle
             FROM cargo_operations
            WHERE status IN (${sqlList(activeCargoStatuses)}))
         SELECT status, category, unit, count(*) AS count, sum(queued) AS queued,
                count(*) FILTER (WHERE is_stalled) AS stalled, max(idle) FILTER (WHERE is_stalled) AS oldest_stall
           FROM active GROUP BY status, category, unit`,
        [options.stallSeconds],
      );
      const stalledAges = rows.filter((r) => r.oldest_stall !== null).map((r) => num(r.oldest_stall));
      return {
        gauges: {
          cargoOperations: zeroFilled(
            { status: activeCargoStatuses, category: cargoCategories },
            rows.map((r) => ({ labels: { status: r.status, category: r.category }, value: num(r.count) })),
          ),
          cargoStalled: [{ labels: {}, value: rows.reduce((n, r) => n + num(r.stalled), 0) }],
          cargoStalledOldestAge: [
            stalledAges.length
              ? { labels: {}, value: Math.max(...stalledAges), ageing: true }
              : { labels: {}, value: 0 },
          ],
          cargoQueued: zeroFilled(
            { category: cargoCategories, unit: cargoUnits },
            rows.map((r) => ({ labels: { category: r.category, unit: r.unit }, value: num(r.queued) })),
          ),
        },
        counters: {},
        rowsScanned: rows.reduce((n, r) => n + num(r.count), 0),
      };
    },
  };
}
