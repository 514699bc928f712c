import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { type GeneratedFile, repoRoot, yamlHeader } from '../lib/generated.ts';
import { jobTargets, renderPrometheusConfig } from './render.ts';
import { scrapeJobs } from './jobs.ts';

/** Where stack/docker-compose.yml mounts stack/prometheus/rules inside the Prometheus container. */
export const composeRuleFiles = '/etc/prometheus/rules/*.rules.yml';

/** The services stack/docker-compose.yml defines (every profile). */
export function composeServices(root = repoRoot): string[] {
  const text = readFileSync(join(root, 'stack/docker-compose.yml'), 'utf8');
  const compose = load(text, { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
    services: Record<string, unknown>;
  };
  return Object.keys(compose.services);
}

/**
 * stack/prometheus/prometheus.compose.yml for the development compose file: the same job list as
 * the Swarm stack's, limited to the services the compose file runs, each found through the
 * compose network's DNS (a service's name lists all its containers), the generated rule files
 * read as they are from stack/prometheus/rules. No credentials: in development Prometheus and
 * Alertmanager listen on 127.0.0.1 only and ask for none.
 */
export function composePrometheusFiles(): GeneratedFile[] {
  const services = new Set(composeServices());
  const body = renderPrometheusConfig({
    scrapeIntervalSeconds: 15,
    evaluationIntervalSeconds: 15,
    ruleFiles: [composeRuleFiles],
    alertmanagers: { dns: 'alertmanager', port: 9093 },
    jobs: jobTargets(
      scrapeJobs.filter((job) => services.has(job.service)),
      (job) => ({ dns: job.service, port: job.port }),
    ),
  });
  return [
    {
      path: 'stack/prometheus/prometheus.compose.yml',
      content: yamlHeader('scrape/jobs.ts and the services of stack/docker-compose.yml') + body,
    },
  ];
}
