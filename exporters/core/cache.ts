import type { Counter, Gauge } from 'prom-client';
import type { Instruments } from '../../lib/metrics/registry.ts';
import { exporters } from '../../lib/catalog/exporters.ts';
import type { Logger } from '../../lib/logger.ts';
import {
  type Collector,
  type CounterKey,
  type GaugeKey,
  labelKey,
  type Reading,
  type Sample,
} from './collector.ts';

/**
 * The last values of every collector. A refresh replaces a collector's gauges in one synchronous
 * step; a scrape renders them from memory (O(series), no I/O). Ages grow between refreshes.
 */
export class MetricCache {
  private readonly gauges = new Map<GaugeKey, { samples: Sample[]; at: number }>();
  private readonly counters = new Map<CounterKey, Map<string, Sample>>();

  constructor(
    private readonly instruments: Instruments<typeof exporters>,
    private readonly logger: Logger,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  publish(collector: Collector, reading: Reading): void {
    const at = this.clock();
    for (const key of collector.gauges) this.gauges.set(key, { samples: reading.gauges[key] ?? [], at });
    for (const key of collector.counters) this.publishCounter(key, reading.counters[key] ?? []);
  }

  /** Writes a gauge's cached samples into it; called by prom-client at scrape time. */
  render(key: GaugeKey, gauge: Gauge): void {
    const entry = this.gauges.get(key);
    gauge.reset();
    if (!entry) {
      // Nothing read yet: say "unknown" rather than a misleading 0.
      if (exporters[key].labelNames.length === 0) gauge.set(Number.NaN);
      return;
    }
    const elapsed = (this.clock() - entry.at) / 1000;
    for (const sample of entry.samples) {
      gauge.set(sample.labels, sample.ageing ? sample.value + elapsed : sample.value);
    }
  }

  private publishCounter(key: CounterKey, totals: Sample[]): void {
    const published = this.counters.get(key) ?? new Map<string, Sample>();
    for (const total of totals) {
      const id = labelKey(total.labels);
      const previous = published.get(id);
      if (previous && total.value < previous.value) {
        // Only possible if rows were deleted or relabelled; a counter must not go down.
        this.logger.warn(
          { metric: key, labels: total.labels, previous: previous.value, now: total.value },
          'database total went down; keeping the previous value (were rows deleted from an append-only table?)',
        );
        continue;
      }
      published.set(id, total);
    }
    this.counters.set(key, published);
    const counter = this.instruments[key] as Counter<string>;
    counter.reset();
    for (const sample of published.values()) counter.inc(sample.labels, sample.value);
  }
}
