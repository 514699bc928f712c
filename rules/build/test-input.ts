import { type JobKey, jobs } from '../../lib/monitoring/index.ts';
import type { SeriesInput } from './types.ts';

/** A promtool input series `name{job="<job>",labels...}` with values in expanding notation. */
export function input(
  job: JobKey | null,
  name: string,
  labels: Readonly<Record<string, string>>,
  values: string,
): SeriesInput {
  const all = job ? { job: jobs[job], ...labels } : labels;
  const rendered = Object.entries(all).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return { series: `${name}{${rendered.join(',')}}`, values };
}

/** Identifying labels of a scraped target, as the alert carries them. */
export const target = (job: JobKey, instance: string) => ({ job: jobs[job], instance });
