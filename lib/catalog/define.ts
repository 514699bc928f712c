/**
 * The metric catalog: every metric our own services export is declared once here.
 * Services build their prom-client metrics from these definitions; rules and dashboards
 * refer to them through the typed constants, so a rename breaks the build, not a panel.
 */
import type { LabelValues } from './label-values.ts';

export type MetricType = 'counter' | 'gauge' | 'histogram';
export type Service = 'api' | 'exporters' | 'notifier' | 'synthetics' | 'backup';

interface MetricFields<L extends string> {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Base unit, for documentation and dashboards (seconds, bytes, ratio, ...). */
  readonly unit?: 'seconds' | 'bytes' | 'ratio' | 'meters' | 'count' | 'timestamp_seconds';
  readonly labelNames: readonly L[];
  readonly buckets?: readonly number[];
  /** The service that exports it. */
  readonly service: Service;
}

export interface MetricDef<L extends string = string> extends MetricFields<L> {
  /** The values each label may take: what rules and panels may select on (label-values.ts). */
  readonly labelValues: { readonly [K in L]: LabelValues };
}

/** A definition as written: a metric with labels must say every label's values; one without says none. */
type MetricInput<L extends string, T extends MetricType> = MetricFields<L> & { readonly type: T } & ([
    L,
  ] extends [never]
    ? { readonly labelValues?: never }
    : { readonly labelValues: { readonly [K in NoInfer<L>]: LabelValues } });

// T keeps the literal type ('counter', ...) so createInstruments can hand back Counter/Gauge/Histogram.
export function defineMetric<const L extends string = never, const T extends MetricType = MetricType>(
  def: MetricInput<L, T>,
): MetricDef<L> & { readonly type: T } {
  return { ...def, labelValues: def.labelValues ?? {} } as MetricDef<L> & { readonly type: T };
}

/** Series names a histogram exposes, for use in PromQL. */
export function bucket(def: MetricDef): string {
  return assertHistogram(def, '_bucket');
}
export function count(def: MetricDef): string {
  return assertHistogram(def, '_count');
}
export function sum(def: MetricDef): string {
  return assertHistogram(def, '_sum');
}

function assertHistogram(def: MetricDef, suffix: string): string {
  if (def.type !== 'histogram') throw new Error(`${def.name} is a ${def.type}, it has no ${suffix} series`);
  return def.name + suffix;
}
