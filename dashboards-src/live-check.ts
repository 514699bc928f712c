import type { DashboardDefinition } from './core/definition.ts';
import { defaultInterpolation, type InterpolationValues, interpolate } from './core/interpolate.ts';
import type { EmptyWhenHealthy } from './core/panel-spec.ts';
import { allDashboards } from './dashboards/index.ts';
import { type DashboardQuery, panelsOf, type QueryLanguage, queriesOf } from './checks/model.ts';

/**
 * The live proof: every PromQL target of every generated dashboard, run against a real
 * Prometheus, with Grafana's variables expanded. The end-to-end suite calls it against the
 * running stack; panels marked `emptyWhenHealthy` are reported apart, for the drills to prove.
 */
export interface LiveCheckOptions {
  /** End of the window each target is drawn over; now by default. */
  time?: Date;
  /**
   * How far back from `time` a target is drawn, as a Grafana panel draws its range: 60 s by
   * default. One failed scrape marks its target's series stale, so a single instant would call a
   * gauge panel empty that Grafana draws with one point missing.
   */
  windowSeconds?: number;
  /** `$__rate_interval` etc. A young Prometheus needs short windows (e.g. 10s at a 1s scrape). */
  interpolation?: Partial<InterpolationValues>;
  dashboards?: readonly DashboardDefinition[];
  /** Per query; 10 s by default. */
  timeoutMs?: number;
}

export type TargetStatus = 'data' | 'empty' | 'error';

export interface TargetResult {
  dashboard: string;
  panelId: number;
  panelTitle: string;
  refId: string;
  /** The query as written in the dashboard, and as sent. */
  expr: string;
  query: string;
  status: TargetStatus;
  series: number;
  error?: string;
  /** Set when the panel (or this target) is allowed to be empty on a healthy system. */
  emptyWhenHealthy?: EmptyWhenHealthy;
}

export interface LiveCheckReport {
  results: TargetResult[];
  withData: TargetResult[];
  /** Empty and not marked: a panel that would show "No data" on a healthy system. */
  missing: TargetResult[];
  /** Empty and marked `emptyWhenHealthy`: the fault drills prove these. */
  expectedEmpty: TargetResult[];
  /** Prometheus refused the query (bad syntax for 2.x, unknown function...). */
  errors: TargetResult[];
}

interface QueryResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  error?: string;
}

/** Points per window: a step short enough that one missing scrape leaves others drawn. */
const pointsPerWindow = 12;

async function rangeQuery(
  baseUrl: string,
  query: string,
  end: Date,
  windowSeconds: number,
  timeoutMs: number,
) {
  const url = new URL('/api/v1/query_range', baseUrl);
  const endSeconds = end.getTime() / 1000;
  url.searchParams.set('query', query);
  url.searchParams.set('start', String(endSeconds - windowSeconds));
  url.searchParams.set('end', String(endSeconds));
  url.searchParams.set('step', String(Math.max(1, windowSeconds / pointsPerWindow)));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json()) as QueryResponse;
    if (body.status !== 'success' || !body.data)
      return { series: 0, error: body.error ?? `HTTP ${response.status}` };
    // A range query answers a matrix, even for a scalar expression: one entry per series drawn.
    return { series: (body.data.result as unknown[]).length };
  } catch (err) {
    return { series: 0, error: `${url.origin}: ${(err as Error).message}` };
  }
}

const markFor = (definition: DashboardDefinition, panelId: number, refId: string) => {
  const mark = definition.emptyWhenHealthy.get(panelId);
  if (!mark) return undefined;
  return !mark.refIds || mark.refIds.includes(refId) ? mark : undefined;
};

/** Runs one expanded panel target somewhere (Prometheus itself, or Grafana's /api/ds/query). */
export type TargetRunner = (
  query: string,
  target: DashboardQuery,
  time: Date,
  timeoutMs: number,
) => Promise<{ series: number; error?: string }>;

export async function checkDashboardQueries(
  prometheusUrl: string,
  options: LiveCheckOptions = {},
): Promise<LiveCheckReport> {
  return checkDashboardTargets(
    ['promql'],
    (query, _t, time, ms) => rangeQuery(prometheusUrl, query, time, options.windowSeconds ?? 60, ms),
    options,
  );
}

/** The same walk over every panel target of the given languages, each sent through `run`. */
export async function checkDashboardTargets(
  languages: readonly QueryLanguage[],
  run: TargetRunner,
  options: LiveCheckOptions = {},
): Promise<LiveCheckReport> {
  const values: InterpolationValues = { ...defaultInterpolation, ...options.interpolation };
  const time = options.time ?? new Date();
  const results: TargetResult[] = [];
  for (const definition of options.dashboards ?? allDashboards) {
    const json = definition.build();
    const dashboard = { file: definition.file, json };
    const titles = new Map(panelsOf(json).map((p) => [p.id, p.title ?? '']));
    for (const q of queriesOf(dashboard)) {
      if (!languages.includes(q.language) || !q.panel || q.panel.id === undefined) continue;
      const query = interpolate(q.text, values);
      const outcome = await run(query, q, time, options.timeoutMs ?? 10_000);
      const result: TargetResult = {
        dashboard: json.uid,
        panelId: q.panel.id,
        panelTitle: titles.get(q.panel.id) ?? '',
        refId: q.refId ?? '?',
        expr: q.text,
        query,
        status: outcome.error ? 'error' : outcome.series > 0 ? 'data' : 'empty',
        series: outcome.series,
      };
      if (outcome.error) result.error = outcome.error;
      const mark = markFor(definition, q.panel.id, result.refId);
      if (mark) result.emptyWhenHealthy = mark;
      results.push(result);
    }
  }
  return {
    results,
    withData: results.filter((r) => r.status === 'data'),
    missing: results.filter((r) => r.status === 'empty' && !r.emptyWhenHealthy),
    expectedEmpty: results.filter((r) => r.status === 'empty' && r.emptyWhenHealthy),
    errors: results.filter((r) => r.status === 'error'),
  };
}

/** One line per target that needs attention, then the counts. */
export function formatLiveReport(report: LiveCheckReport): string {
  const line = (r: TargetResult) =>
    `  dashboard ${r.dashboard}, panel ${r.panelId} "${r.panelTitle}" target ${r.refId}: ${r.error ?? r.status}` +
    (r.emptyWhenHealthy ? ` (drill: ${r.emptyWhenHealthy.drill})` : '');
  return [
    ...(report.errors.length ? ['errors:', ...report.errors.map(line)] : []),
    ...(report.missing.length ? ['no data:', ...report.missing.map(line)] : []),
    ...(report.expectedEmpty.length ? ['empty when healthy:', ...report.expectedEmpty.map(line)] : []),
    `${report.results.length} targets: ${report.withData.length} with data, ${report.missing.length} without, ` +
      `${report.expectedEmpty.length} empty when healthy, ${report.errors.length} errors`,
  ].join('\n');
}
