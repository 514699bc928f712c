import { type JobKey, jobMatcher } from '../../lib/jobs.ts';

/**
 * `name{job="...",extra}`: a selector on one of our jobs, so no rule spells a job by hand.
 * `name` comes from the catalog (`api.logins.name`, `bucket(api.httpRequestDuration)`) or the
 * third-party lists.
 */
export function onJob(job: JobKey, name: string, ...matchers: string[]): string {
  return `${name}{${[jobMatcher(job), ...matchers].join(',')}}`;
}

/** `name{matchers}` without a job matcher, for recording rules and metrics already scoped. */
export function series(name: string, ...matchers: string[]): string {
  return matchers.length ? `${name}{${matchers.join(',')}}` : name;
}

/** `sum by (labels) (rate(sel[window]))`. */
export const sumRate = (sel: string, window: string, by: readonly string[] = []) =>
  `sum${by.length ? ` by (${by.join(', ')})` : ''} (rate(${sel}[${window}]))`;

/** p-quantile of a histogram's `_bucket` selector over a window, keeping `by` labels. */
export const quantile = (q: number, bucketSel: string, window: string, by: readonly string[] = []) =>
  `histogram_quantile(${q}, ${sumRate(bucketSel, window, ['le', ...by])})`;
