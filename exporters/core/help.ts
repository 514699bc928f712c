import type { MetricDef } from '../../lib/catalog/define.ts';
import { exporters } from '../../lib/catalog/exporters.ts';
import type { Collector } from './collector.ts';

/** HELP suffix: how often each metric's values refresh, and by which collector. */
export function refreshHelp(collectors: readonly Collector[]): (def: MetricDef) => string {
  const byName = new Map<string, string>();
  for (const collector of collectors) {
    for (const key of [...collector.gauges, ...collector.counters]) {
      byName.set(
        exporters[key].name,
        ` Refreshed every ${collector.intervalSeconds} s by the ${collector.name} collector.`,
      );
    }
  }
  return (def) =>
    byName.get(def.name) ??
    (def.labelNames.includes('collector')
      ? ' Updated by each refresh of the collector named in the label.'
      : ' Updated by every refresh.');
}
