import type { ExporterConfig } from './config.ts';
import { cargoOperationsCollector } from './cargo/operations.ts';
import { cargoThroughputCollector } from './cargo/throughput.ts';
import type { Collector } from './core/collector.ts';
import { staffingCollector } from './staff/staffing.ts';
import { aisFeedCollector } from './vessels/ais-feed.ts';
import { vesselMovementsCollector } from './vessels/movements.ts';
import { vesselTrafficCollector } from './vessels/traffic.ts';

/** Every collector the exporter runs, configured from the environment. */
export function createCollectors(config: ExporterConfig): Collector[] {
  const counting = {
    settleSeconds: config.EXPORTER_COUNTER_SETTLE_SECONDS,
    recountTimeoutMs: config.EXPORTER_RECOUNT_TIMEOUT_MS,
  };
  return [
    vesselTrafficCollector({ intervalSeconds: config.EXPORTER_VESSEL_TRAFFIC_INTERVAL_SECONDS }),
    vesselMovementsCollector({
      intervalSeconds: config.EXPORTER_VESSEL_MOVEMENTS_INTERVAL_SECONDS,
      ...counting,
    }),
    aisFeedCollector({
      intervalSeconds: config.EXPORTER_AIS_FEED_INTERVAL_SECONDS,
      staleSeconds: config.EXPORTER_AIS_STALE_SECONDS,
    }),
    cargoOperationsCollector({
      intervalSeconds: config.EXPORTER_CARGO_OPERATIONS_INTERVAL_SECONDS,
      stallSeconds: config.EXPORTER_CARGO_STALL_SECONDS,
    }),
    cargoThroughputCollector({
      intervalSeconds: config.EXPORTER_CARGO_THROUGHPUT_INTERVAL_SECONDS,
      ...counting,
    }),
    staffingCollector({
      intervalSeconds: config.EXPORTER_STAFFING_INTERVAL_SECONDS,
      standardShiftSeconds: config.EXPORTER_STANDARD_SHIFT_SECONDS,
      longestShiftSeconds: config.EXPORTER_LONGEST_SHIFT_SECONDS,
    }),
  ];
}
