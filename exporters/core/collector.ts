import type { PoolClient } from '../../lib/db/pool.ts';
import { combinations } from '../../lib/catalog/combinations.ts';
import type { exporters } from '../../lib/catalog/exporters.ts';

type Catalog = typeof exporters;
type KeysOfType<T extends Catalog[keyof Catalog]['type']> = {
  [K in keyof Catalog]: Catalog[K]['type'] extends T ? K : never;
}[keyof Catalog];

export type GaugeKey = KeysOfType<'gauge'>;
export type CounterKey = KeysOfType<'counter'>;

export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
  /**
   * The value is an age measured at refresh time: at scrape time it is reported grown by the
   * time elapsed since the refresh, so ages stay exact between refreshes without a query.
   */
  ageing?: boolean;
}

/** What one refresh of a collector found. Every gauge it owns is replaced as a whole. */
export interface Reading {
  gauges: Partial<Record<GaugeKey, Sample[]>>;
  /** Running totals (not increments) for the counters it owns; they only ever grow. */
  counters: Partial<Record<CounterKey, Sample[]>>;
  /** Rows the refresh queries aggregated, as reported by the queries themselves. */
  rowsScanned: number;
}

/**
 * A collector reads one business area from the database on its own schedule. `refresh` runs
 * inside a read-only transaction with a statement_timeout; it never runs twice at once.
 */
export interface Collector {
  /** The `collector` label of the self metrics, kebab-case. */
  name: string;
  intervalSeconds: number;
  gauges: readonly GaugeKey[];
  counters: readonly CounterKey[];
  refresh(db: PoolClient): Promise<Reading>;
}

/** Seconds as a number from a PostgreSQL value (numeric and bigint arrive as numbers, see lib/db/pool.ts). */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export const labelKey = (labels: Labels): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

/**
 * Samples for every combination of the domains (0 when the rows have none), plus any label set
 * the rows hold outside the domains (a value added to the schema shows up rather than vanishing).
 */
export function zeroFilled(domains: Record<string, readonly string[]>, rows: Sample[]): Sample[] {
  const byKey = new Map<string, Sample>();
  for (const labels of combinations(domains)) byKey.set(labelKey(labels), { labels, value: 0 });
  for (const row of rows) {
    const key = labelKey(row.labels);
    const previous = byKey.get(key);
    byKey.set(key, { ...row, value: (previous?.value ?? 0) + row.value });
  }
  return [...byKey.values()];
}
