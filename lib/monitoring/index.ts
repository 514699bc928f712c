/**
 * The shared vocabulary of monitoring: what rules, dashboards and the notifier name in common.
 * Dashboards and panels (`dashboards.ts`), Prometheus jobs (`jobs.ts`), Alertmanager receivers
 * (`receivers.ts`), recording-rule names (`recording.ts`), the Prometheus pair's external labels
 * (`replicas.ts`), every threshold, window and `for:` with the requirement it comes from
 * (`thresholds.ts`), runbook links (`runbooks.ts`), Prometheus durations (`duration.ts`), how
 * text says them (`wording.ts`) and the PromQL helpers (`promql.ts`). It imports nothing but
 * itself; the metric catalog sits beside it in `lib/catalog/`.
 */
export * from './dashboards.ts';
export * from './duration.ts';
export * from './jobs.ts';
export * from './promql.ts';
export * from './receivers.ts';
export * from './recording.ts';
export * from './replicas.ts';
export * from './runbooks.ts';
export * from './thresholds.ts';
export * from './wording.ts';
