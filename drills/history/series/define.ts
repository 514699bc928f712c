import { jobs, type JobKey } from '../../../lib/monitoring/jobs.ts';
import type { Moment } from '../moment.ts';

/**
 * One series of the history. A gauge's `value` is what a scrape reads at the moment; a
 * counter's `value` is its rate per second, which the writer integrates into a running total
 * (so `rate()` over the history gives back the model). A series whose target is down at the
 * moment (`upOf`) is not written, as a failed scrape writes nothing but `up 0`.
 */
export interface Series {
  name: string;
  /** Rendered label set, `{job="...",instance="...",...}`. */
  labels: string;
  kind: 'counter' | 'gauge';
  job: JobKey;
  value(m: Moment): number;
  /** Set when the target can leave discovery: then nothing is written for it, not even `up`. */
  vanishes?: (m: Moment) => boolean;
}

export type Labels = Record<string, string>;

export function renderLabels(job: JobKey, instance: string, labels: Labels = {}): string {
  const all: Labels = { job: jobs[job], instance, ...labels };
  return `{${Object.entries(all)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** A series constructor of one kind: `(name, job, instance, labels, value)`. */
const ofKind =
  (kind: Series['kind']) =>
  (name: string, job: JobKey, instance: string, labels: Labels, value: (m: Moment) => number): Series => ({
    name,
    labels: renderLabels(job, instance, labels),
    kind,
    job,
    value,
  });

/** A gauge: `value` is what a scrape reads. */
export const gauge = ofKind('gauge');
/** A counter: `value` is its rate per second. */
export const counter = ofKind('counter');

/**
 * A Prometheus histogram as its `_bucket` (cumulative, one per bound and `+Inf`), `_count` and
 * `_sum` counters: `rate` observations per second, `cdf(m, le)` the share at or below `le`
 * (non-decreasing in `le`), `mean` the average observation.
 */
export function histogram(
  name: string,
  job: JobKey,
  instance: string,
  labels: Labels,
  buckets: readonly number[],
  rate: (m: Moment) => number,
  cdf: (m: Moment, le: number) => number,
  mean: (m: Moment) => number,
): Series[] {
  return [
    ...buckets.map((le) =>
      counter(`${name}_bucket`, job, instance, { ...labels, le: String(le) }, (m) => rate(m) * cdf(m, le)),
    ),
    counter(`${name}_bucket`, job, instance, { ...labels, le: '+Inf' }, rate),
    counter(`${name}_count`, job, instance, labels, rate),
    counter(`${name}_sum`, job, instance, labels, (m) => rate(m) * mean(m)),
  ];
}

/** Share of an exponential distribution with mean `mean` at or below `x`. */
export const expCdf = (x: number, mean: number) => 1 - Math.exp(-x / mean);

/** Whether a job's target answers at the moment (only the API has an outage in the model). */
export const upOf = (job: JobKey, m: Moment) => job !== 'api' || m.apiUp;
