import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import { DataqueryBuilder as PromQuery, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { datasourceRef } from '../datasources.ts';

/**
 * Query factories. Every target gets its refId from its position (A, B, ...) so the JSON is
 * stable, and its datasource from the provisioned uids.
 */
export const refIdAt = (index: number) => String.fromCharCode(65 + index);

export interface PromTargetOptions {
  legend?: string;
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  interval?: string;
}

const formats = {
  time_series: PromQueryFormat.TimeSeries,
  table: PromQueryFormat.Table,
  heatmap: PromQueryFormat.Heatmap,
} as const;

export function promTarget(index: number, expr: string, options: PromTargetOptions = {}): PromQuery {
  const query = new PromQuery().refId(refIdAt(index)).datasource(datasourceRef('prometheus')).expr(expr);
  if (options.legend !== undefined) query.legendFormat(options.legend);
  if (options.instant) query.instant();
  else query.range();
  if (options.format) query.format(formats[options.format]);
  if (options.interval) query.interval(options.interval);
  return query;
}

export function lokiTarget(
  index: number,
  expr: string,
  options: { legend?: string; instant?: boolean; maxLines?: number } = {},
): LokiQuery {
  const query = new LokiQuery().refId(refIdAt(index)).datasource(datasourceRef('loki')).expr(expr);
  if (options.legend !== undefined) query.legendFormat(options.legend);
  if (options.instant) query.instant(true).queryType('instant');
  else query.queryType('range');
  if (options.maxLines !== undefined) query.maxLines(options.maxLines);
  return query;
}

/** The SDK has no PostgreSQL query type; this is the shape Grafana's SQL datasources read. */
export interface SqlQuery extends Dataquery {
  refId: string;
  datasource: DataSourceRef;
  rawSql: string;
  format: 'table' | 'time_series';
  rawQuery: true;
  editorMode: 'code';
}

export function sqlTarget(
  index: number,
  rawSql: string,
  format: SqlQuery['format'] = 'table',
): Builder<SqlQuery> {
  const query: SqlQuery = {
    refId: refIdAt(index),
    datasource: datasourceRef('postgres'),
    rawSql,
    format,
    rawQuery: true,
    editorMode: 'code',
    _implementsDataqueryVariant: () => undefined,
  };
  return { build: () => query };
}
