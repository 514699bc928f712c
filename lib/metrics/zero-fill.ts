import type { Counter, Histogram } from 'prom-client';
import { declaredCombinations } from '../catalog/combinations.ts';
import type { MetricDef } from '../catalog/define.ts';
import type { Instruments } from './registry.ts';

/**
 * Publishes every label combination the catalog declares, at 0, for the counters and histograms
 * of a group whose labels are all closed sets: increase() cannot see the first event of a series
 * that appears with value 1, so an alert on a rare value (a failed login right after a restart)
 * would miss it. Gauges are left to whoever sets them: 0 is a claim about the world there.
 */
export function publishDeclaredAtZero<T extends Record<string, MetricDef>>(
  instruments: Instruments<T>,
  defs: T,
): void {
  for (const [key, def] of Object.entries(defs)) {
    if (def.type === 'gauge' || def.labelNames.length === 0) continue;
    const instrument = instruments[key as keyof T] as unknown as Counter<string> | Histogram<string>;
    for (const labels of declaredCombinations(def) ?? []) {
      if (def.type === 'counter') (instrument as Counter<string>).inc(labels, 0);
      else (instrument as Histogram<string>).zero(labels);
    }
  }
}
