import type { Gauge } from 'prom-client';
import { exporters } from '../../lib/catalog/exporters.ts';
import type { Logger } from '../../lib/logger.ts';
import { createInstruments, type Instruments } from '../../lib/metrics/registry.ts';
import { MetricCache } from './cache.ts';
import type { Collector, GaugeKey } from './collector.ts';
import { refreshHelp } from './help.ts';
import { SnapshotRegistry } from './snapshot-registry.ts';

export interface ExporterMetrics {
  registry: SnapshotRegistry;
  instruments: Instruments<typeof exporters>;
  cache: MetricCache;
}

/**
 * The exporter's registry: every catalog metric of the exporters service, HELP saying how often
 * it refreshes, and the collectors' gauges rendered from the cache at scrape time.
 */
export function createExporterMetrics(collectors: readonly Collector[], logger: Logger): ExporterMetrics {
  const registry = new SnapshotRegistry();
  // The gauges' scrape hooks need the cache, and the cache needs the instruments.
  const late: { cache?: MetricCache } = {};
  const collect = Object.fromEntries(
    collectors
      .flatMap((c) => c.gauges)
      .map((key: GaugeKey) => [key, (gauge: Gauge) => late.cache?.render(key, gauge)]),
  );
  const instruments = createInstruments(registry, exporters, {
    helpSuffix: refreshHelp(collectors),
    collect,
  });
  const cache = new MetricCache(instruments, logger);
  late.cache = cache;
  instruments.databaseUp.set(Number.NaN);
  return { registry, instruments, cache };
}
