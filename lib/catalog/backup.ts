import { defineMetric } from './define.ts';
import { oneOf } from './label-values.ts';

// Written by the stack's backup service (stack/scripts/lib/backup-metrics.sh) as a file for
// node-exporter's textfile collector: scraped with the node-exporter job, one series per backup
// kind (full, diff: pgBackRest; dump: the pg_dump set) and repository (repo1, repo2, sets).
export const backup = {
  lastSuccess: defineMetric({
    name: 'porttrack_backup_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last successful backup of this kind into this repository.',
    unit: 'timestamp_seconds',
    labelNames: ['kind', 'repo'],
    labelValues: { kind: oneOf(['full', 'diff', 'dump']), repo: oneOf(['repo1', 'repo2', 'sets']) },
    service: 'backup',
  }),
} as const;
