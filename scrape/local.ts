import { replicaLabel } from '../lib/monitoring/index.ts';
import { type Probe, renderPrometheusConfig } from './render.ts';
import type { ScrapeJob } from './jobs.ts';

export interface LocalPrometheusConfigOptions {
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  /** Paths of the rule files on this machine. */
  ruleFiles: string[];
  /** Each job with its fixed targets (host:port), and for a prober job what it probes. */
  jobs: Array<{ job: ScrapeJob; targets: string[]; probe?: Probe }>;
  /** host:port of the Alertmanager to send alerts to; none means Prometheus sends no alerts. */
  alertmanager?: string;
  /**
   * External labels, as the stack's pair carries them (`cluster`, `replica`; lib/monitoring/replicas.ts):
   * none by default. A `replica` label is dropped from alerts again, as in the stack, so two local
   * replicas' alerts are one alert in Alertmanager.
   */
  externalLabels?: Record<string, string>;
}

/**
 * The prometheus.yml of a Prometheus on this machine (`npm start`, the end-to-end suite, the
 * drills and benches): the shared job list with fixed 127.0.0.1 targets instead of the stack's
 * DNS discovery, no credentials.
 */
export function renderLocalPrometheusConfig(options: LocalPrometheusConfigOptions): string {
  return renderPrometheusConfig({
    scrapeIntervalSeconds: options.scrapeIntervalSeconds,
    evaluationIntervalSeconds: options.evaluationIntervalSeconds,
    ruleFiles: options.ruleFiles,
    alertmanagers: options.alertmanager ? { static: [options.alertmanager] } : undefined,
    ...(options.externalLabels ? { externalLabels: options.externalLabels } : {}),
    ...(options.externalLabels && replicaLabel in options.externalLabels
      ? { dropFromAlerts: [replicaLabel] }
      : {}),
    jobs: options.jobs.map(({ job, targets, probe }) => ({
      job,
      targets: { static: targets },
      ...(probe ? { probe } : {}),
    })),
  });
}
