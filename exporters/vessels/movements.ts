import type { PoolClient } from '../../lib/db/pool.ts';
import { type Collector, type Reading, zeroFilled } from '../core/collector.ts';
import { IncrementalTotal } from '../core/incremental-total.ts';
import { vesselTypes } from '../domains.ts';

/** Port-call events of one type, newer than $1, with the vessel type; index port_call_events_type_id. */
const eventsOfType = (type: 'arrived' | 'departed') => `
  SELECT e.id, v.type, 1 AS value
    FROM port_call_events e
    JOIN port_calls pc ON pc.id = e.port_call_id
    JOIN vessels v ON v.id = pc.vessel_id
   WHERE e.type = '${type}' AND e.id > $1`;

/**
 * Arrivals and departures as counters derived from the append-only port_call_events table, read
 * incrementally by id: every exporter replica and every restart reports the same totals.
 */
export function vesselMovementsCollector(options: {
  intervalSeconds: number;
  settleSeconds: number;
  recountTimeoutMs: number;
}): Collector {
  const arrivals = new IncrementalTotal({
    source: eventsOfType('arrived'),
    labels: ['type'],
    settleSeconds: options.settleSeconds,
    recountTimeoutMs: options.recountTimeoutMs,
  });
  const departures = new IncrementalTotal({
    source: eventsOfType('departed'),
    labels: ['type'],
    settleSeconds: options.settleSeconds,
    recountTimeoutMs: options.recountTimeoutMs,
  });
  return {
    name: 'vessel-movements',
    intervalSeconds: options.intervalSeconds,
    gauges: [],
    counters: ['arrivals', 'departures'],
    async refresh(db: PoolClient): Promise<Reading> {
      const arrived = await arrivals.read(db);
      const departed = await departures.read(db);
      return {
        gauges: {},
        counters: {
          arrivals: zeroFilled({ type: vesselTypes }, arrived.totals),
          departures: zeroFilled({ type: vesselTypes }, departed.totals),
        },
        rowsScanned: arrived.rows + departed.rows,
      };
    },
  };
}
