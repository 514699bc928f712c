import { type JobKey, jobs } from '../lib/monitoring/index.ts';

/**
 * Every Prometheus scrape job, in one list shared by the Swarm stack's prometheus.yml and the
 * local one that `npm start` and the end-to-end suite render: same job names, same metrics
 * paths; only the way targets are found differs (DNS `tasks.<service>` in the Swarm, static
 * 127.0.0.1 ports locally).
 */
export interface ScrapeJob {
  key: JobKey;
  /** The `job` label (lib/monitoring/jobs.ts). */
  job: string;
  /**
   * Swarm service name in stack/docker-stack.yml (or the name several answer to: `prometheus`,
   * both replicas of the pair); `tasks.<service>` lists every replica.
   */
  service: string;
  /** Further Swarm services of the same job (the API's blue and green colours). */
  alsoServices?: readonly string[];
  /** Port the service listens on inside its container. */
  port: number;
  metricsPath: string;
  /**
   * Runs beside the services in `npm start` and the e2e suite (node-, postgres- and
   * redis-exporter where their Debian packages are installed; cAdvisor needs a Docker host).
   */
  local: boolean;
  /** Answers only with credentials in the stack (Prometheus and Alertmanager, `--web.config.file`). */
  authenticated?: boolean;
  /**
   * A prober (the blackbox exporter): each scrape asks it to probe a URL with a module, passed as
   * the `target` and `module` parameters; whoever renders the job says which URL and module.
   */
  prober?: boolean;
}

const job = (
  key: JobKey,
  service: string,
  port: number,
  local: boolean,
  metricsPath = '/metrics',
): ScrapeJob => ({
  key,
  job: jobs[key],
  service,
  port,
  metricsPath,
  local,
  ...(key === 'prometheus' || key === 'alertmanager' ? { authenticated: true } : {}),
});

export const scrapeJobs: readonly ScrapeJob[] = [
  // Rolling updates run `api`; deploy.sh --strategy blue-green runs api-blue and api-green.
  { ...job('api', 'api', 3000, true), alsoServices: ['api-blue', 'api-green'] },
  job('exporters', 'exporters', 9464, true),
  job('notifier', 'notifier', 9465, true),
  job('synthetics', 'synthetics', 9466, true),
  job('node', 'node-exporter', 9100, true),
  job('cadvisor', 'cadvisor', 8080, false),
  job('postgres', 'postgres-exporter', 9187, true),
  job('redis', 'redis-exporter', 9121, true),
  job('prometheus', 'prometheus', 9090, true),
  job('alertmanager', 'alertmanager', 9093, true),
  { ...job('blackbox', 'blackbox-exporter', 9115, true, '/probe'), prober: true },
];

export const localJobs = () => scrapeJobs.filter((j) => j.local);
