import { catalog, thirdPartyMetrics } from '../../lib/catalog/index.ts';
import { unsuffixedPostgresCounters } from '../../lib/catalog/third-party.ts';

/** Series that only ever go up (until a restart): meaningful only under rate()/irate()/increase(). */
export function counterSeries(): Set<string> {
  const names = new Set<string>(unsuffixedPostgresCounters);
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

/**
 * A counter's exact difference over an offset, guarded: `(x - x offset d >= 0) or increase(x[d])`
 * (the SLO tiles): the plain difference of two samples where the counter did not reset, and
 * `increase()` where it did or where either sample is missing. Read as `increase(x[d])` by the
 * lint; an unguarded difference (a reset makes it negative) still fails it.
 */
const guardedDifference = /\((\w[\w:]*(?:\{[^}]*\})?) - \1 offset (\w+) >= 0\) or increase\(\1\[\2\]\)/g;
export const withGuardedDifferencesAsIncrease = (expr: string) =>
  expr.replace(guardedDifference, 'increase($1[$2])');
