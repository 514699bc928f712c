import type { DashboardQueries, DashboardVariable, PanelQuery } from './panels.ts';
import { panelWidthPx, queryTiming, resolveVariables } from './grafana-interval.ts';

/** One panel query as sent, and how long Prometheus took to answer it. */
export interface PanelTiming {
  panel: string;
  refId: string;
  query: string;
  stepS: number | null;
  seconds: number;
}

export interface DashboardLoad {
  /** From the first request to the last answer. */
  seconds: number;
  slowest: PanelTiming;
  panels: PanelTiming[];
}

export interface LoadOptions {
  prometheusUrl: string;
  /** Unix seconds: the dashboard's "now" and its range. */
  to: number;
  rangeS: number;
  scrapeS: number;
  dashboardWidthPx: number;
  variables: Record<string, string>;
}

/** A Prometheus API call (POST form, as Grafana sends queries; GET for label values, which take no POST). */
async function ask(url: string, path: string, params: Record<string, string>): Promise<unknown> {
  const form = new URLSearchParams(params);
  const response = path.includes('/label/')
    ? await fetch(`${url}${path}?${form}`)
    : await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
  const body = (await response.json()) as { status: string; error?: string; data?: unknown };
  if (body.status !== 'success')
    throw new Error(`${path} ${JSON.stringify(params)}: ${body.error ?? response.status}`);
  return body.data;
}

function request(
  q: PanelQuery,
  o: LoadOptions,
): { path: string; params: Record<string, string>; stepS: number | null; query: string } {
  const from = o.to - o.rangeS;
  const timing = queryTiming({
    from,
    to: o.to,
    maxDataPoints: q.maxDataPoints ?? panelWidthPx(q.gridW, o.dashboardWidthPx),
    scrapeS: o.scrapeS,
    ...(q.minIntervalS ? { minIntervalS: q.minIntervalS } : {}),
  });
  const query = resolveVariables(q.expr, timing, o.variables);
  return q.instant
    ? { path: '/api/v1/query', params: { query, time: String(o.to) }, stepS: null, query }
    : {
        path: '/api/v1/query_range',
        params: { query, start: String(timing.start), end: String(timing.end), step: String(timing.stepS) },
        stepS: timing.stepS,
        query,
      };
}

/** Runs every query of the dashboard at once, as Grafana does on opening it, and times each and all. */
export async function loadDashboard(dashboard: DashboardQueries, o: LoadOptions): Promise<DashboardLoad> {
  const started = performance.now();
  const panels = await Promise.all(
    dashboard.queries.map(async (q) => {
      const r = request(q, o);
      const t0 = performance.now();
      await ask(o.prometheusUrl, r.path, r.params);
      return {
        panel: q.panel,
        refId: q.refId,
        query: r.query,
        stepS: r.stepS,
        seconds: (performance.now() - t0) / 1000,
      };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const slowest = panels.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { seconds, slowest, panels };
}

/**
 * Template variables at their defaults: "All" (the variable's allValue, else `.*`) for a variable
 * that offers it, the saved current value, else the first value its label_values() query finds.
 */
export async function defaultVariables(
  url: string,
  variables: readonly DashboardVariable[],
  at: number,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const v of variables) {
    if (v.includeAll) out[v.name] = v.allValue ?? '.*';
    else if (v.current !== undefined) out[v.name] = v.current;
    else {
      const m = /^label_values\((.*),\s*(\w+)\)$/.exec(v.query ?? '');
      if (!m) throw new Error(`variable ${v.name}: no default and no label_values() query to find one`);
      const values = (await ask(url, `/api/v1/label/${m[2]}/values`, {
        'match[]': m[1] as string,
        start: String(at - 86_400),
        end: String(at),
      })) as string[];
      out[v.name] = values[0] ?? '';
    }
  }
  return out;
}
