import type { DashboardQuery } from '../../dashboards-src/checks/model.ts';

/** Grafana's answer to POST /api/ds/query: one result per refId, each a list of data frames. */
export interface DsQueryResponse {
  results?: Record<
    string,
    { status?: number; error?: string; frames?: Array<{ data?: { values?: unknown[][] } }> }
  >;
  message?: string;
}

/** Frames that hold at least one row: what a panel would draw. */
export function seriesIn(response: DsQueryResponse, refId: string): { series: number; error?: string } {
  const result = response.results?.[refId];
  if (!result) return { series: 0, error: response.message ?? `no result for ${refId}` };
  if (result.error) return { series: 0, error: result.error };
  const series = (result.frames ?? []).filter((f) => (f.data?.values?.[0]?.length ?? 0) > 0).length;
  return { series };
}

/**
 * The body Grafana's panel would send for one target. PromQL and LogQL arrive already
 * expanded (dashboard variables, $__rate_interval), as in the local live check; SQL keeps
 * its $__timeFilter macros, which Grafana's PostgreSQL datasource expands itself.
 */
export function dsQueryBody(query: string, target: DashboardQuery, time: Date) {
  const raw = (target.panel?.targets ?? []).find((t) => t.refId === target.refId) ?? {};
  const refId = target.refId ?? 'A';
  const datasource = target.datasource ?? target.panel?.datasource;
  const text =
    target.language === 'sql'
      ? { rawSql: target.text, format: raw.format ?? 'table', rawQuery: true }
      : { expr: query };
  return {
    from: String(time.getTime() - 3_600_000),
    to: String(time.getTime()),
    queries: [{ ...raw, ...text, refId, datasource, intervalMs: 15_000, maxDataPoints: 500 }],
  };
}

export async function grafanaQuery(
  grafana: URL,
  auth: string,
  query: string,
  target: DashboardQuery,
  time: Date,
  timeoutMs: number,
): Promise<{ series: number; error?: string }> {
  try {
    const response = await fetch(new URL('/api/ds/query', grafana), {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(dsQueryBody(query, target, time)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as DsQueryResponse;
    const outcome = seriesIn(body, target.refId ?? 'A');
    return response.ok || outcome.error ? outcome : { ...outcome, error: `HTTP ${response.status}` };
  } catch (err) {
    return { series: 0, error: (err as Error).message };
  }
}

/** LogQL straight to Loki's range API over the last hour. */
export async function lokiQuery(loki: URL, query: string, time: Date, timeoutMs: number) {
  const url = new URL('/loki/api/v1/query_range', loki);
  url.searchParams.set('query', query);
  url.searchParams.set('start', String((time.getTime() - 3_600_000) * 1e6));
  url.searchParams.set('end', String(time.getTime() * 1e6));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) return { series: 0, error: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    const body = JSON.parse(text) as { data?: { result?: unknown[] } };
    return { series: body.data?.result?.length ?? 0 };
  } catch (err) {
    return { series: 0, error: (err as Error).message };
  }
}
