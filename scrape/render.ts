import { dump } from 'js-yaml';
import type { ScrapeJob } from './jobs.ts';

/**
 * How Prometheus finds one job's targets: fixed addresses, every task of a Swarm service
 * (`tasks.<service>`), or every container a DNS name lists (a compose service's name).
 */
export type Targets =
  | { static: string[] }
  | { dnsTasks: string | readonly string[]; port: number }
  | { dns: string; port: number };

/** What a prober job (the blackbox exporter) probes: the URL and the module of stack/blackbox/blackbox.yml. */
export interface Probe {
  module: string;
  target: string;
}

export interface PrometheusConfigOptions {
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  /** Glob or file paths of rule files, as Prometheus will see them. */
  ruleFiles: string[];
  /** Alertmanager targets (host:port); none means Prometheus sends no alerts. */
  alertmanagers: Targets | undefined;
  /** A prober job needs its `probe`; its targets are the exporters that probe. */
  jobs: Array<{ job: ScrapeJob; targets: Targets; probe?: Probe }>;
  /**
   * Credentials for the servers that enforce authentication themselves (Prometheus and
   * Alertmanager behind `--web.config.file` in the stack): their scrapes and alert pushes use it.
   */
  basicAuth?: { username: string; passwordFile: string };
  /**
   * Prometheus' external labels: on every series it sends out, and readable by the rules'
   * annotation templates (`$externalLabels.<name>`: the runbook base).
   */
  externalLabels?: Record<string, string>;
  /**
   * External labels dropped from alerts again (`alert_relabel_configs`), so that an alert carries
   * only what identifies it: a label that differs between two Prometheus replicas (`replica`) would
   * give each replica's alert its own fingerprint in Alertmanager, hence two notifications.
   */
  dropFromAlerts?: readonly string[];
}

/** Each job with its targets: Prometheus scrapes itself on localhost, `discover` finds the rest. */
export function jobTargets(jobs: readonly ScrapeJob[], discover: (job: ScrapeJob) => Targets) {
  return jobs.map((job) => ({
    job,
    targets: job.key === 'prometheus' ? { static: [`localhost:${job.port}`] } : discover(job),
  }));
}

/** A prometheus.yml (Prometheus 2.42 schema) as YAML text, keys in a stable order. */
export function renderPrometheusConfig(options: PrometheusConfigOptions): string {
  const seconds = (n: number) => `${n}s`;
  const external = options.externalLabels ?? {};
  const dropped = options.dropFromAlerts ?? [];
  const config = {
    global: {
      scrape_interval: seconds(options.scrapeIntervalSeconds),
      scrape_timeout: seconds(Math.min(10, options.scrapeIntervalSeconds)),
      evaluation_interval: seconds(options.evaluationIntervalSeconds),
      ...(Object.keys(external).length ? { external_labels: external } : {}),
    },
    rule_files: options.ruleFiles,
    ...(options.alertmanagers
      ? {
          alerting: {
            ...(dropped.length
              ? { alert_relabel_configs: [{ action: 'labeldrop', regex: dropped.join('|') }] }
              : {}),
            alertmanagers: [
              { api_version: 'v2', ...auth(options, true), ...discovery(options.alertmanagers) },
            ],
          },
        }
      : {}),
    scrape_configs: options.jobs.map(({ job, targets, probe }) => ({
      job_name: job.job,
      metrics_path: job.metricsPath,
      ...auth(options, job.authenticated === true),
      ...(job.prober ? probing(job, probe) : {}),
      ...discovery(targets),
    })),
  };
  return dump(config, { lineWidth: -1, noRefs: true });
}

/**
 * The multi-target pattern, relabelled: each exporter found is asked to probe the one URL
 * (`target`) with the module, and the series carry the URL as `instance`. The exporters are
 * discovered like any service, so a stack without the exporter has no target at all rather than
 * one that is down.
 */
function probing(job: ScrapeJob, probe: Probe | undefined) {
  if (!probe) throw new Error(`job ${job.job} probes: give it a probe (URL and module)`);
  return {
    params: { module: [probe.module] },
    relabel_configs: [
      { target_label: '__param_target', replacement: probe.target },
      { source_labels: ['__param_target'], target_label: 'instance' },
    ],
  };
}

function auth(options: PrometheusConfigOptions, needed: boolean) {
  if (!needed || !options.basicAuth) return {};
  return {
    basic_auth: { username: options.basicAuth.username, password_file: options.basicAuth.passwordFile },
  };
}

function discovery(targets: Targets) {
  if ('static' in targets) return { static_configs: [{ targets: targets.static }] };
  const names =
    'dns' in targets ? [targets.dns] : [targets.dnsTasks].flat().map((service) => `tasks.${service}`);
  return { dns_sd_configs: [{ names, type: 'A', port: targets.port }] };
}
