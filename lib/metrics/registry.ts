import client, { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricDef } from '../catalog/define.ts';

type LabelsOf<D> = D extends MetricDef<infer L> ? L : never;
type Instrument<D extends MetricDef> = D['type'] extends 'counter'
  ? Counter<LabelsOf<D>>
  : D['type'] extends 'gauge'
    ? Gauge<LabelsOf<D>>
    : Histogram<LabelsOf<D>>;

export type Instruments<T extends Record<string, MetricDef>> = { [K in keyof T]: Instrument<T[K]> };

export interface CreateOptions {
  /** Extra text appended to every HELP line (the exporters say how often values refresh). */
  helpSuffix?: (def: MetricDef) => string;
  /** Gauges computed at scrape time. */
  collect?: Partial<Record<string, (gauge: Gauge) => void | Promise<void>>>;
}

/**
 * Creates prom-client instruments for a group of catalog entries in the given registry.
 * The catalog is the only place a metric's name, type, labels and buckets are written.
 */
export function createInstruments<T extends Record<string, MetricDef>>(
  registry: Registry,
  defs: T,
  options: CreateOptions = {},
): Instruments<T> {
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(defs)) {
    const help = def.help + (options.helpSuffix?.(def) ?? '');
    const base = { name: def.name, help, labelNames: [...def.labelNames], registers: [registry] };
    if (def.type === 'counter') out[key] = new Counter(base);
    else if (def.type === 'gauge') {
      const collect = options.collect?.[key];
      out[key] = new Gauge({
        ...base,
        ...(collect
          ? {
              collect(this: Gauge) {
                return collect(this);
              },
            }
          : {}),
      });
    } else
      out[key] = new Histogram({
        ...base,
        buckets: [...(def.buckets ?? client.exponentialBuckets(0.005, 2, 12))],
      });
  }
  return out as Instruments<T>;
}

// prom-client's defaults include three gauges named *_total, which `promtool check metrics`
// rejects; the same figures are published without the suffix (nodejs_active_handles, ...).
const promtoolRejectedDefaults = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** A fresh registry, with Node.js process metrics unless told otherwise. */
export function createRegistry(withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) {
    client.collectDefaultMetrics({ register: registry });
    for (const name of promtoolRejectedDefaults) registry.removeSingleMetric(name);
  }
  return registry;
}
