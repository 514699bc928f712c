import { dump } from 'js-yaml';
import type { ScrapeJob } from './scrape-jobs.ts';

/** How Prometheus finds one job's targets. */
export type Targets = { static: string[] } | { dnsTasks: string; port: number };

export interface PrometheusConfigOptions {
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  /** Glob or file paths of rule files, as Prometheus will see them. */
  ruleFiles: string[];
  /** Alertmanager targets (host:port); none means Prometheus sends no alerts. */
  alertmanagers: Targets | undefined;
  jobs: Array<{ job: ScrapeJob; targets: Targets }>;
}

/** A prometheus.yml (Prometheus 2.42 schema) as YAML text, keys in a stable order. */
export function renderPrometheusConfig(options: PrometheusConfigOptions): string {
  const seconds = (n: number) => `${n}s`;
  const config = {
    global: {
      scrape_interval: seconds(options.scrapeIntervalSeconds),
      scrape_timeout: seconds(Math.min(10, options.scrapeIntervalSeconds)),
      evaluation_interval: seconds(options.evaluationIntervalSeconds),
    },
    rule_files: options.ruleFiles,
    ...(options.alertmanagers
      ? { alerting: { alertmanagers: [{ api_version: 'v2', ...discovery(options.alertmanagers) }] } }
      : {}),
    scrape_configs: options.jobs.map(({ job, targets }) => ({
      job_name: job.job,
      metrics_path: job.metricsPath,
      ...discovery(targets),
    })),
  };
  return dump(config, { lineWidth: -1, noRefs: true });
}

function discovery(targets: Targets) {
  if ('static' in targets) return { static_configs: [{ targets: targets.static }] };
  return { dns_sd_configs: [{ names: [`tasks.${targets.dnsTasks}`], type: 'A', port: targets.port }] };
}
