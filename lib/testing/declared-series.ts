import { declaredCombinations } from '../catalog/combinations.ts';
import type { MetricDef } from '../catalog/define.ts';
import type { Scrape } from './scrape-text.ts';

/** A series a scrape holds for one declared label combination of a catalog metric. */
export interface DeclaredSeries {
  def: MetricDef;
  labels: Record<string, string>;
  /** The value, or undefined when the scrape has no such series. Histograms: their `_count`. */
  value: number | undefined;
}

/**
 * Every label combination the catalog declares for the metrics whose labels are all closed sets,
 * each with its value in the scrape (undefined where missing).
 */
export function declaredSeries(defs: readonly MetricDef[], scrape: Scrape): DeclaredSeries[] {
  const out: DeclaredSeries[] = [];
  for (const def of defs) {
    if (def.labelNames.length === 0) continue;
    const name = def.type === 'histogram' ? `${def.name}_count` : def.name;
    for (const labels of declaredCombinations(def) ?? []) {
      const found = scrape
        .series(name)
        .find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      out.push({ def, labels, value: found?.value });
    }
  }
  return out;
}
