import { diffByKey, fieldChanges } from './field-diff.ts';
import { code, names } from './markdown.ts';
import type { Snapshot } from './planned-files.ts';
import { parseYaml } from './yaml.ts';

export const prometheusPath = 'stack/prometheus/prometheus.yml';

export interface PrometheusConfig {
  jobs: Map<string, unknown>;
  /** global, alerting, rule_files...: everything but the scrape jobs. */
  settings: Record<string, unknown>;
}

export function readPrometheus(snapshot: Snapshot): PrometheusConfig {
  const { scrape_configs = [], ...settings } = parseYaml(snapshot.get(prometheusPath) ?? '') as {
    scrape_configs?: Array<{ job_name: string }>;
  } & Record<string, unknown>;
  return { jobs: new Map(scrape_configs.map((job) => [job.job_name, job])), settings };
}

const changeLine = (where: string) => (c: { field: string; before?: string; after?: string }) =>
  `- ${where}${c.field}: ${code(c.before ?? '(unset)')} → ${code(c.after ?? '(unset)')}`;

export function prometheusSection(before: PrometheusConfig, after: PrometheusConfig): string[] {
  const jobs = diffByKey(before.jobs, after.jobs);
  const lines = [
    ...(jobs.added.length ? [`- scrape jobs added: ${names(jobs.added.map(([name]) => name))}`] : []),
    ...(jobs.removed.length ? [`- scrape jobs removed: ${names(jobs.removed.map(([name]) => name))}`] : []),
    ...jobs.changed.flatMap(([name, b, a]) => fieldChanges(b, a).map(changeLine(`job ${code(name)}: `))),
    ...fieldChanges(before.settings, after.settings).map(changeLine('')),
  ];
  return lines.length ? ['### Prometheus: scrape jobs and settings', '', ...lines, ''] : [];
}
