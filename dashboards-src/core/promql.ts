import { type JobKey, jobMatcher } from '../../lib/jobs.ts';

/** `metric{a="1",b=~"2"}`; no braces when there are no matchers. */
export function selector(metric: string, ...matchers: readonly string[]): string {
  return matchers.length ? `${metric}{${matchers.join(',')}}` : metric;
}

/** `rate(metric{...}[$__rate_interval])`: Grafana picks a window of at least four scrapes. */
export const rateOf = (metric: string, ...matchers: readonly string[]) =>
  `rate(${selector(metric, ...matchers)}[$__rate_interval])`;

/** `increase(metric{...}[window])`, window a PromQL duration or a Grafana variable. */
export const increaseOf = (window: string, metric: string, ...matchers: readonly string[]) =>
  `increase(${selector(metric, ...matchers)}[${window}])`;

/** `sum by (labels) (expr)`, or `sum(expr)` with no labels. */
export const sumBy = (labels: readonly string[], expr: string) =>
  labels.length ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;

/** `histogram_quantile(q, sum by (le, ...) (rate(bucket[...])))` */
export const quantileOf = (
  q: number,
  bucketSeries: string,
  by: readonly string[],
  ...matchers: readonly string[]
) => `histogram_quantile(${q}, ${sumBy(['le', ...by], rateOf(bucketSeries, ...matchers))})`;

/**
 * Share of `part` in `whole`, both summed by the same labels. Where `part` has no series (no
 * errors yet), the ratio is 0 rather than no data, so a healthy system shows a flat line.
 */
export const ratioOrZero = (by: readonly string[], part: string, whole: string) =>
  `(${sumBy(by, part)} or ${sumBy(by, whole)} * 0) / ${sumBy(by, whole)}`;

export const job = (key: JobKey) => jobMatcher(key);
