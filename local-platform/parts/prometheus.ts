import { join } from 'node:path';
import type { JobKey } from '../../lib/monitoring/index.ts';
import { localJobs } from '../../scrape/jobs.ts';
import type { RunningAlertmanager } from '../alertmanager.ts';
import type { PortName } from '../ports.ts';
import { type RunningPrometheus, startPrometheus } from '../prometheus.ts';
import { localRuleFiles } from '../rules-and-routing.ts';
import type { PartContext } from './context.ts';

export interface LocalPrometheusTargets {
  /** The API the blackbox exporter probes. */
  apiUrl: string;
  alertmanager: RunningAlertmanager | undefined;
  /** Whether the part behind a job is up on this machine (else the job gets no local target). */
  isUp: (key: JobKey) => boolean;
}

/**
 * The real Prometheus with the generated rules (the options' timing) and the stack's jobs, each
 * with a static 127.0.0.1 target where its part is up plus the options' extra targets; a job
 * with no target at all is left out. Started last, so it is stopped first.
 */
export async function startLocalPrometheus(
  ctx: PartContext,
  { apiUrl, alertmanager, isUp }: LocalPrometheusTargets,
): Promise<RunningPrometheus> {
  const { options, ports } = ctx;
  ctx.say('starting Prometheus');
  const prometheus = await startPrometheus({
    dir: join(options.dataDir, 'prometheus'),
    port: ports.prometheus,
    scrapeIntervalSeconds: options.scrapeIntervalSeconds,
    evaluationIntervalSeconds: options.evaluationIntervalSeconds,
    resendDelaySeconds: Math.max(2, options.evaluationIntervalSeconds),
    rules: localRuleFiles(options.runbookBaseUrl, options.rules),
    jobs: localJobs()
      .filter((job) => job.key !== 'alertmanager' || alertmanager)
      .map((job) => ({
        job,
        ...(job.prober ? { probe: { module: 'http_2xx', target: `${apiUrl}/healthz` } } : {}),
        targets: [
          ...(job.key === 'prometheus' || isUp(job.key) ? [`127.0.0.1:${portOfJob(ports, job.key)}`] : []),
          ...(options.extraTargets?.[job.key] ?? []),
        ],
      }))
      .filter((job) => job.targets.length > 0),
    ...(alertmanager ? { alertmanager: `127.0.0.1:${alertmanager.port}` } : {}),
    ...(options.prometheusExternalLabels ? { externalLabels: options.prometheusExternalLabels } : {}),
  });
  ctx.parts.add('Prometheus', prometheus);
  ctx.say(`Prometheus ready on ${prometheus.url}`);
  return prometheus;
}

/** The local port behind a scrape job (the exporters of PostgreSQL and Redis have their own). */
function portOfJob(ports: Record<PortName, number>, key: JobKey): number {
  if (key === 'postgres') return ports.postgresExporter;
  if (key === 'redis') return ports.redisExporter;
  if (key === 'blackbox') return ports.blackboxExporter;
  return ports[key as PortName];
}
