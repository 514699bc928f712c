/**
 * What Prometheus' ALERTS series say happened over a window: for each alert (name and labels),
 * how long it was pending and firing. Read with query_range at the evaluation interval, so a
 * pending phase as short as one evaluation shows up.
 */
export interface AlertEpisode {
  alertname: string;
  labels: Record<string, string>;
  first_pending_at: string | null;
  pending_seconds: number;
  fired: boolean;
  first_firing_at: string | null;
  firing_seconds: number;
}

interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

export async function alertHistory(
  prometheusUrl: string,
  from: Date,
  to: Date,
  stepSeconds: number,
): Promise<AlertEpisode[]> {
  const params = new URLSearchParams({
    query: 'ALERTS',
    start: String(from.getTime() / 1000),
    end: String(to.getTime() / 1000),
    step: String(stepSeconds),
  });
  const res = await fetch(`${prometheusUrl}/api/v1/query_range?${params}`, {
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await res.json()) as { status: string; data: { result: RangeSeries[] }; error?: string };
  if (body.status !== 'success')
    throw new Error(`Prometheus query_range ALERTS: ${body.error ?? res.status}`);
  return episodesFrom(body.data.result, stepSeconds);
}

/** Folds ALERTS series (one per state) into one entry per alert identity. */
export function episodesFrom(series: readonly RangeSeries[], stepSeconds: number): AlertEpisode[] {
  const byIdentity = new Map<string, AlertEpisode>();
  for (const s of series) {
    const { alertstate, __name__: _name, ...labels } = s.metric;
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    const episode = byIdentity.get(key) ?? {
      alertname: labels.alertname ?? '?',
      labels,
      first_pending_at: null,
      pending_seconds: 0,
      fired: false,
      first_firing_at: null,
      firing_seconds: 0,
    };
    const first = s.values[0] ? new Date(s.values[0][0] * 1000).toISOString() : null;
    const seconds = s.values.length * stepSeconds;
    if (alertstate === 'firing') {
      episode.fired = true;
      episode.first_firing_at = first;
      episode.firing_seconds += seconds;
    } else {
      episode.first_pending_at = first;
      episode.pending_seconds += seconds;
    }
    byIdentity.set(key, episode);
  }
  return [...byIdentity.values()].sort(
    (a, b) =>
      a.alertname.localeCompare(b.alertname) ||
      JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
  );
}
