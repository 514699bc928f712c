import type { PoolClient } from '../../lib/db/pool.ts';
import { type Collector, type Reading, zeroFilled } from '../core/collector.ts';
import { IncrementalTotal } from '../core/incremental-total.ts';
import { cargoCategories, cargoUnits } from '../domains.ts';

/**
 * Cargo handled, as a counter derived from the append-only cargo_progress table read
 * incrementally by id (primary key). Quantities have two decimals: they are summed as integer
 * hundredths so a restart's recount gives exactly the same total, never a hair less.
 */
export function cargoThroughputCollector(options: {
  intervalSeconds: number;
  settleSeconds: number;
  recountTimeoutMs: number;
}): Collector {
  const handled = new IncrementalTotal({
    source: `
      SELECT p.id, o.category, o.unit, round(p.quantity_delta * 100)::bigint AS value
        FROM cargo_progress p JOIN cargo_operations o ON o.id = p.cargo_operation_id
       WHERE p.id > $1`,
    labels: ['category', 'unit'],
    scale: 100,
    settleSeconds: options.settleSeconds,
    recountTimeoutMs: options.recountTimeoutMs,
  });
  return {
    name: 'cargo-throughput',
    intervalSeconds: options.intervalSeconds,
    gauges: [],
    counters: ['cargoThroughput'],
    async refresh(db: PoolClient): Promise<Reading> {
      const { totals, rows } = await handled.read(db);
      return {
        gauges: {},
        counters: { cargoThroughput: zeroFilled({ category: cargoCategories, unit: cargoUnits }, totals) },
        rowsScanned: rows,
      };
    },
  };
}
