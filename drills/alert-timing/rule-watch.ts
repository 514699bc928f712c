import { defaultRunbookBaseUrl, type Duration, type JobKey } from '../../lib/monitoring/index.ts';
import { type RunningPrometheus, startPrometheus } from '../../local-platform/prometheus.ts';
import { localRuleFiles } from '../../local-platform/rules-and-routing.ts';
import type { ThresholdOverride } from '../../rules/build/render-rules.ts';
import { scrapeJobs } from '../../scrape/jobs.ts';

/** What a drill's Prometheus watches, and what of the generated rules it changes. */
export interface RuleWatch {
  /** Holds Prometheus' config, rules and TSDB. */
  dir: string;
  /** The scrape job (its key in scrape/jobs.ts) whose `job` label the drill's exporter gets. */
  job: JobKey;
  /** The drill's exporter on 127.0.0.1. */
  exporterPort: number;
  /** One generated rule file, e.g. `durability.rules.yml`. */
  ruleFile: string;
  /** The drilled alerts' shortened `for:`. */
  forOverrides: Readonly<Record<string, Duration>>;
  /** A drilled alert's lowered threshold, where the drill cannot wait for the stack's. */
  thresholdOverrides?: Readonly<Record<string, ThresholdOverride>>;
  /** Prometheus' own port; default a free one. */
  port?: number;
}

/**
 * Prometheus scraping a drill's exporter every second and evaluating one generated rule file,
 * with only the drilled alerts' `for:` shortened (and a threshold lowered where the drill says
 * so): their expressions stay the stack's otherwise.
 */
export function watchExporterWithRules(watch: RuleWatch): Promise<RunningPrometheus> {
  const job = scrapeJobs.find((j) => j.key === watch.job);
  if (!job) throw new Error(`no scrape job ${watch.job} in scrape/jobs.ts`);
  const { forOverrides, thresholdOverrides } = watch;
  const rules = localRuleFiles(defaultRunbookBaseUrl, {
    forOverrides: { ...forOverrides },
    ...(thresholdOverrides ? { thresholdOverrides: { ...thresholdOverrides } } : {}),
  }).filter((f) => f.name === watch.ruleFile);
  if (rules.length === 0) throw new Error(`no generated rule file ${watch.ruleFile}`);
  return startPrometheus({
    dir: watch.dir,
    ...(watch.port ? { port: watch.port } : {}),
    scrapeIntervalSeconds: 1,
    evaluationIntervalSeconds: 1,
    rules,
    jobs: [{ job, targets: [`127.0.0.1:${watch.exporterPort}`] }],
  });
}
