import { catalog, thirdPartyMetrics } from '../../lib/catalog/index.ts';

// postgres-exporter publishes these pg_stat_database and pg_stat_archiver counters without a `_total` suffix.
const unsuffixedThirdPartyCounters = [
  'pg_stat_archiver_archived_count',
  'pg_stat_archiver_failed_count',
  'pg_stat_database_deadlocks',
  'pg_stat_database_xact_commit',
  'pg_stat_database_xact_rollback',
  'pg_stat_database_blks_hit',
  'pg_stat_database_blks_read',
  'pg_stat_database_tup_fetched',
  'pg_stat_database_tup_inserted',
  'pg_stat_database_tup_updated',
  'pg_stat_database_tup_deleted',
];

/** Series that only ever go up (until a restart): meaningful only under rate()/irate()/increase(). */
export function counterSeries(): Set<string> {
  const names = new Set(unsuffixedThirdPartyCounters);
  for (const metric of catalog) {
    if (metric.type === 'counter') names.add(metric.name);
    if (metric.type === 'histogram')
      for (const s of ['_bucket', '_count', '_sum']) names.add(metric.name + s);
  }
  // `_count`/`_sum` only belong to a histogram when its `_bucket` is listed too
  // (pg_stat_activity_count is a gauge).
  const listed = new Set<string>(Object.values(thirdPartyMetrics).flat());
  for (const name of listed) {
    const histogramPart = /^(.*)_(count|sum)$/.exec(name);
    if (/_(total|bucket)$/.test(name) || (histogramPart && listed.has(`${histogramPart[1]}_bucket`)))
      names.add(name);
  }
  return names;
}

export const counterFunctions = new Set(['rate', 'irate', 'increase']);
