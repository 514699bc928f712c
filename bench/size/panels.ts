import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Every Prometheus query of every generated dashboard (stack/grafana/dashboards/<folder>/*.json),
 * with what Grafana needs to run it: the panel's width in grid columns, its maxDataPoints and
 * minimum interval when it sets them, and whether the target is an instant or a range query.
 * Targets of other data sources (PostgreSQL, Loki) are counted but not run here.
 */
export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
  instant: boolean;
  gridW: number;
  maxDataPoints?: number;
  /** The panel's `interval` (minimum interval) in seconds. */
  minIntervalS?: number;
}

export interface DashboardVariable {
  name: string;
  type: string;
  includeAll: boolean;
  allValue?: string;
  current?: string;
  query?: string;
}

export interface DashboardQueries {
  title: string;
  uid: string;
  file: string;
  queries: PanelQuery[];
  variables: DashboardVariable[];
  /** Targets of other data sources, not run. */
  skipped: number;
}

export const dashboardsDir = resolve(import.meta.dirname, '../../stack/grafana/dashboards');

interface RawTarget {
  expr?: string;
  refId?: string;
  instant?: boolean;
  range?: boolean;
  datasource?: { type?: string };
}
interface RawPanel {
  title?: string;
  type?: string;
  gridPos?: { w?: number };
  maxDataPoints?: number;
  interval?: string;
  datasource?: { type?: string };
  targets?: RawTarget[];
  panels?: RawPanel[];
}

const durationS = (d: string) => {
  const m = /^(\d+)(s|m|h|d)$/.exec(d);
  if (!m) throw new Error(`unexpected panel interval ${d}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
};

function flatten(panels: RawPanel[]): RawPanel[] {
  return panels.flatMap((p) => [p, ...flatten(p.panels ?? [])]);
}

export function readDashboard(file: string): DashboardQueries {
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    title: string;
    uid: string;
    panels: RawPanel[];
    templating?: { list?: Record<string, unknown>[] };
  };
  const queries: PanelQuery[] = [];
  let skipped = 0;
  for (const panel of flatten(json.panels)) {
    for (const target of panel.targets ?? []) {
      const type = target.datasource?.type ?? panel.datasource?.type;
      if (type !== 'prometheus' || !target.expr) {
        skipped++;
        continue;
      }
      queries.push({
        panel: panel.title ?? '(untitled)',
        refId: target.refId ?? 'A',
        expr: target.expr,
        instant: target.instant === true && target.range !== true,
        gridW: panel.gridPos?.w ?? 12,
        ...(panel.maxDataPoints ? { maxDataPoints: panel.maxDataPoints } : {}),
        ...(panel.interval ? { minIntervalS: durationS(panel.interval) } : {}),
      });
    }
  }
  const variables = (json.templating?.list ?? []).map((v) => {
    const current = (v.current as { value?: unknown } | undefined)?.value;
    return {
      name: String(v.name),
      type: String(v.type),
      includeAll: v.includeAll === true,
      ...(typeof v.allValue === 'string' && v.allValue ? { allValue: v.allValue } : {}),
      ...(typeof current === 'string' ? { current } : {}),
      ...(typeof v.query === 'string' ? { query: v.query } : {}),
    };
  });
  return { title: json.title, uid: json.uid, file, queries, variables, skipped };
}

export function readDashboards(dir = dashboardsDir): DashboardQueries[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, d.name, f)),
    )
    .sort()
    .map(readDashboard);
}
