/**
 * Prometheus job names, one place for the stack's scrape config, the local Prometheus,
 * the rules and the dashboards. Nothing else writes `job="..."` by hand.
 */
export const jobs = {
  api: 'porttrack-api',
  exporters: 'porttrack-exporters',
  notifier: 'porttrack-notifier',
  synthetics: 'porttrack-synthetics',
  node: 'node-exporter',
  cadvisor: 'cadvisor',
  postgres: 'postgres-exporter',
  redis: 'redis-exporter',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  blackbox: 'blackbox',
} as const;

export type JobKey = keyof typeof jobs;

/** `job="porttrack-api"` for use inside a PromQL selector. */
export const jobMatcher = (key: JobKey) => `job="${jobs[key]}"`;
