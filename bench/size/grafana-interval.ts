/**
 * How Grafana turns a panel's size and the dashboard's time range into the query's `step`,
 * `$__interval`, `$__rate_interval` and `$__range`, so the size benchmark asks Prometheus exactly
 * what Grafana would:
 *
 * - maxDataPoints defaults to the panel's width in pixels: gridPos.w of the 24 grid columns at the
 *   stated dashboard width;
 * - interval = roundInterval(range / maxDataPoints), raised to the panel's `interval` or else
 *   the data source's minimum (its scrape interval) when smaller (rangeutil.calculateInterval);
 * - $__rate_interval = max($__interval + scrape interval, 4 x scrape interval);
 * - a range query runs from `from` to `to` aligned down to the step.
 */

/** Grafana's rounding table (rangeutil.roundInterval): below `under` ms the interval becomes `to` ms. */
const rounding: readonly [under: number, to: number][] = [
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [32_400_000, 21_600_000],
  [86_400_000, 43_200_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
  [3_628_800_000, 2_592_000_000],
];

export function roundIntervalMs(ms: number): number {
  for (const [under, to] of rounding) if (ms < under) return to;
  return 31_536_000_000;
}

/** Grafana's grid: 24 columns; panels are separated by an 8 px margin. */
export const gridColumns = 24;
const gridMarginPx = 8;

/** A panel's width in pixels for a dashboard `dashboardWidthPx` wide (Grafana's maxDataPoints default). */
export function panelWidthPx(gridW: number, dashboardWidthPx: number): number {
  const column = (dashboardWidthPx - gridMarginPx * (gridColumns - 1)) / gridColumns;
  return Math.floor(column * gridW + gridMarginPx * (gridW - 1));
}

export interface QueryTiming {
  /** Seconds. */
  stepS: number;
  /** `$__interval` as Grafana writes it (e.g. `5m`, `30s`). */
  interval: string;
  rateInterval: string;
  range: string;
  /** Unix seconds, aligned to the step. */
  start: number;
  end: number;
}

/** A duration in whole seconds written as Grafana writes intervals: the largest unit that divides it. */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const)
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

export interface TimingInput {
  /** Unix seconds. */
  from: number;
  to: number;
  /** maxDataPoints: the panel's own, else its width in pixels. */
  maxDataPoints: number;
  /** The data source's scrape interval (its minimum interval), seconds. */
  scrapeS: number;
  /** The panel's own minimum interval in seconds, if it sets one. */
  minIntervalS?: number;
}

export function queryTiming(input: TimingInput): QueryTiming {
  const rangeMs = (input.to - input.from) * 1000;
  const lowLimitMs = (input.minIntervalS ?? input.scrapeS) * 1000;
  const intervalMs = Math.max(roundIntervalMs(rangeMs / input.maxDataPoints), lowLimitMs);
  const stepS = Math.max(1, Math.round(intervalMs / 1000));
  const rateS = Math.max(stepS + input.scrapeS, 4 * input.scrapeS);
  return {
    stepS,
    interval: formatDuration(stepS),
    rateInterval: formatDuration(rateS),
    range: `${Math.round(input.to - input.from)}s`,
    start: Math.floor(input.from / stepS) * stepS,
    end: Math.floor(input.to / stepS) * stepS,
  };
}

/** The query with Grafana's global variables resolved (`$__interval_ms` before `$__interval`). */
export function resolveVariables(
  expr: string,
  t: QueryTiming,
  variables: Record<string, string> = {},
): string {
  let out = expr
    .replaceAll('$__rate_interval', t.rateInterval)
    .replaceAll('$__interval_ms', String(t.stepS * 1000))
    .replaceAll('$__interval', t.interval)
    .replaceAll('$__range_s', t.range.replace(/s$/, ''))
    .replaceAll('$__range', t.range);
  for (const [name, value] of Object.entries(variables))
    out = out.replaceAll(`\${${name}}`, value).replaceAll(`$${name}`, value);
  return out;
}
