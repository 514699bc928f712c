import { queryRange } from '../prometheus-on-history.ts';
import { firingsOf, type ActiveSeries, type Firing } from './firing.ts';
import type { ReplayedAlert } from './alert-rules.ts';

/** Prometheus refuses a query_range of more than 11,000 points per series: ask in slices below that. */
const stepsPerQuery = 10_000;

/**
 * Every step (aligned to `stepS`) in [from, to] at which `expr` returned a sample, per label set,
 * from Prometheus' query_range in slices. Steps on the samples' own grid, so a window of one step
 * (`[1m]` at 60 s) still holds two samples as it does at the stack's evaluation.
 */
export async function activeSteps(
  url: string,
  expr: string,
  o: { from: number; to: number; stepS: number },
): Promise<ActiveSeries[]> {
  const byLabels = new Map<string, ActiveSeries & { times: number[] }>();
  for (let start = o.from; start <= o.to; start += stepsPerQuery * o.stepS) {
    const end = Math.min(o.to, start + (stepsPerQuery - 1) * o.stepS);
    for (const series of await queryRange(url, expr, { start, end, stepS: o.stepS })) {
      const { __name__: _name, ...labels } = series.metric;
      const key = JSON.stringify(labels);
      const entry = byLabels.get(key) ?? { labels, times: [] };
      byLabels.set(key, entry);
      for (const [t] of series.values) entry.times.push(Number(t));
    }
  }
  return [...byLabels.values()];
}

export interface AlertReplay {
  alert: string;
  file: string;
  forS: number;
  expr: string;
  heartbeat: boolean;
  firings: Firing[];
  seconds: number;
}

/** Replays each alert over [from, to]: its expression at every step, then `for:` (firingsOf). */
export async function replayAlerts(
  url: string,
  alerts: readonly ReplayedAlert[],
  o: { from: number; to: number; stepS: number; log?: (line: string) => void },
): Promise<AlertReplay[]> {
  const out: AlertReplay[] = [];
  for (const [i, a] of alerts.entries()) {
    const started = Date.now();
    const series = await activeSteps(url, a.expr, o);
    const firings = firingsOf(series, { stepS: o.stepS, forS: a.forS, rangeEnd: o.to }).map((f) => ({
      ...f,
      labels: { alertname: a.alert, ...f.labels, ...a.labels },
    }));
    const seconds = (Date.now() - started) / 1000;
    o.log?.(
      `  [${i + 1}/${alerts.length}] ${a.alert}: ${firings.length} firing(s) (${seconds.toFixed(1)} s)`,
    );
    out.push({
      alert: a.alert,
      file: a.file,
      forS: a.forS,
      expr: a.expr,
      heartbeat: a.heartbeat,
      firings,
      seconds,
    });
  }
  return out;
}
