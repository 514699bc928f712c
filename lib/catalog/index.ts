import { api } from './api.ts';
import { backup } from './backup.ts';
import type { MetricDef } from './define.ts';
import { exporters } from './exporters.ts';
import { notifier } from './notifier.ts';
import { synthetics } from './synthetics.ts';
import { thirdPartyMetrics } from './third-party.ts';

export { api, backup, exporters, notifier, synthetics, thirdPartyMetrics };
export { bucket, count, sum, defineMetric, type MetricDef, type MetricType, type Service } from './define.ts';

/** Every metric our own services export, in one list. */
export const catalog: readonly MetricDef[] = [
  ...Object.values(api),
  ...Object.values(exporters),
  ...Object.values(notifier),
  ...Object.values(synthetics),
  ...Object.values(backup),
];

export function metricsOf(service: MetricDef['service']): readonly MetricDef[] {
  return catalog.filter((m) => m.service === service);
}

const suffixes: Record<MetricDef['type'], readonly string[]> = {
  counter: [''],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum'],
};

/**
 * Every series name a query may legitimately reference: our metrics with their
 * type-specific suffixes, plus the declared third-party lists. Used by the validators.
 */
export function knownSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of catalog) for (const suffix of suffixes[metric.type]) names.add(metric.name + suffix);
  for (const list of Object.values(thirdPartyMetrics)) for (const name of list) names.add(name);
  return names;
}
