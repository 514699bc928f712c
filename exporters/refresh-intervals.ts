import { z } from 'zod';

/**
 * Each collector's refresh interval in seconds by default, keyed by the name its environment
 * variable carries. Each must fit a cron step (see core/schedule.ts).
 */
export const refreshDefaults = {
  VESSEL_TRAFFIC: 15,
  VESSEL_MOVEMENTS: 15,
  AIS_FEED: 15,
  CARGO_OPERATIONS: 30,
  CARGO_THROUGHPUT: 30,
  STAFFING: 60,
} as const;

export type CollectorKey = keyof typeof refreshDefaults;
export type IntervalVariable<K extends CollectorKey = CollectorKey> = `EXPORTER_${K}_INTERVAL_SECONDS`;

/** The environment variable that sets one collector's refresh interval. */
export const intervalVariable = <K extends CollectorKey>(collector: K): IntervalVariable<K> =>
  `EXPORTER_${collector}_INTERVAL_SECONDS`;

const collectorKeys = Object.keys(refreshDefaults) as CollectorKey[];

/** Every collector's interval variable set to the same value (tests and benches drive refreshes). */
export const everyRefreshEvery = (seconds: number | string): Record<IntervalVariable, string> =>
  Object.fromEntries(collectorKeys.map((c) => [intervalVariable(c), String(seconds)])) as Record<
    IntervalVariable,
    string
  >;

const interval = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The configuration schema's fields for every collector's interval, with its default. */
export const intervalFields = Object.fromEntries(
  collectorKeys.map((c) => [intervalVariable(c), interval(refreshDefaults[c])]),
) as { [K in CollectorKey as IntervalVariable<K>]: ReturnType<typeof interval> };
