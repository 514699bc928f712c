import {
  jobMatcher,
  percent,
  ranges,
  rateOf,
  selector,
  sumBy,
  thresholds,
} from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

/** The API's PostgreSQL, from postgres-exporter. */
const pg = jobMatcher('postgres');

export function postgresConnectionsTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'PostgreSQL connections',
      description: `Connections by state against max_connections. The alert fires above ${percent(thresholds.postgres.connectionsRatio)} of the limit.`,
      unit: 'short',
      stacked: false,
      targets: [
        promTarget(0, sumBy(['state'], selector('pg_stat_activity_count', pg)), { legend: '{{state}}' }),
        promTarget(1, `max(${selector('pg_settings_max_connections', pg)})`, { legend: 'max_connections' }),
      ],
    }),
    size,
  );
}

export function postgresPerformanceTimeseries(size: PanelSize = {}): PanelSpec {
  const blocks = (kind: string) => sumBy([], rateOf(ranges.panel, `pg_stat_database_blks_${kind}`, pg));
  return spec(
    timeseries({
      title: 'PostgreSQL throughput and cache',
      description: 'Commits and rollbacks per second, and the buffer cache hit ratio (right axis).',
      unit: 'ops',
      targets: [
        promTarget(0, sumBy([], rateOf(ranges.panel, 'pg_stat_database_xact_commit', pg)), {
          legend: 'commits',
        }),
        promTarget(1, sumBy([], rateOf(ranges.panel, 'pg_stat_database_xact_rollback', pg)), {
          legend: 'rollbacks',
        }),
        promTarget(2, `${blocks('hit')} / clamp_min(${blocks('hit')} + ${blocks('read')}, 1e-9)`, {
          legend: 'cache hit ratio',
        }),
      ],
    }).overrideByQuery('C', [
      { id: 'unit', value: 'percentunit' },
      { id: 'custom.axisPlacement', value: 'right' },
    ]),
    size,
  );
}
