import type { Duration } from './duration.ts';
import { type JobKey, jobMatcher } from './jobs.ts';

/**
 * The range of a range vector: a PromQL duration in rules, a Grafana variable in panels
 * (`$__rate_interval`: at least four scrapes; `$__interval`: one point's span, for counts per
 * bar). Every helper that takes a range takes it as a parameter; `ranges` holds the defaults.
 */
export type Range = Duration | '$__rate_interval' | '$__interval';
export const ranges = {
  /** Rules rate over 5 minutes (seed 002's window); the `rate5m` recording rules are named for it. */
  rule: '5m',
  panel: '$__rate_interval',
} as const satisfies Record<string, Range>;

/** `metric{a="1",b=~"2"}`; no braces when there are no matchers (or `metric` is already a selector). */
export function selector(metric: string, ...matchers: readonly string[]): string {
  return matchers.length ? `${metric}{${matchers.join(',')}}` : metric;
}

/**
 * `name{job="...",extra}`: a selector on one of our jobs, so nothing spells a job by hand.
 * `name` comes from the catalog (`api.logins.name`, `bucket(api.httpRequestDuration)`) or the
 * third-party lists.
 */
export const onJob = (job: JobKey, metric: string, ...matchers: readonly string[]) =>
  selector(metric, jobMatcher(job), ...matchers);

/** `rate(metric{...}[range])`. */
export const rateOf = (range: Range, metric: string, ...matchers: readonly string[]) =>
  `rate(${selector(metric, ...matchers)}[${range}])`;

/** `increase(metric{...}[range])`, range a PromQL duration or a Grafana variable. */
export const increaseOf = (range: Range, metric: string, ...matchers: readonly string[]) =>
  `increase(${selector(metric, ...matchers)}[${range}])`;

/** `sum by (labels) (expr)`, or `sum(expr)` with no labels. */
export const sumBy = (labels: readonly string[], expr: string) =>
  labels.length ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;

/** `sum by (labels) (rate(sel[range]))`. */
export const sumRate = (range: Range, sel: string, by: readonly string[] = []) =>
  sumBy(by, rateOf(range, sel));

/** `histogram_quantile(q, sum by (le, ...by) (rate(bucket{...}[range])))`. */
export const quantileOf = (
  q: number,
  range: Range,
  bucketSeries: string,
  by: readonly string[] = [],
  ...matchers: readonly string[]
) => `histogram_quantile(${q}, ${sumBy(['le', ...by], rateOf(range, bucketSeries, ...matchers))})`;

/**
 * `histogram_quantile(q, sum by (le, ...by) (recorded{...}))`: a quantile from a recording that
 * already holds the buckets' rate (e.g. `instance_le:..._bucket:rate5m`).
 */
export const quantileOfRecorded = (
  q: number,
  recordedRate: string,
  by: readonly string[] = [],
  ...matchers: readonly string[]
) => `histogram_quantile(${q}, ${sumBy(['le', ...by], selector(recordedRate, ...matchers))})`;

/**
 * Share of `part` in `whole`, both summed by the same labels. Where `part` has no series (no
 * errors yet), the ratio is 0 rather than no data, so a healthy system shows a flat line.
 */
export const ratioOrZero = (by: readonly string[], part: string, whole: string) =>
  `(${sumBy(by, part)} or ${sumBy(by, whole)} * 0) / ${sumBy(by, whole)}`;
