const hourMs = 3_600_000;

export interface LinkSettings {
  grafanaUrl: string;
  alertmanagerUrl?: string | undefined;
  prometheusUrl?: string | undefined;
  runbookBaseUrl?: string | undefined;
}

/** Alertmanager sends `0001-01-01T00:00:00Z` (or a future time) as endsAt of firing alerts. */
function effectiveEnd(startsAt: string, endsAt: string | undefined, now: number): number {
  const end = endsAt ? Date.parse(endsAt) : NaN;
  if (Number.isNaN(end) || end <= Date.parse(startsAt) || end > now) return now;
  return end;
}

/**
 * Grafana link for a `dashboard` annotation (`<uid>` or `<uid>/<panelId>`), opened on the alert's
 * time range: from an hour before it started to its end (or now).
 */
export function dashboardLink(
  grafanaUrl: string,
  annotation: string | undefined,
  startsAt: string,
  endsAt: string | undefined,
  now = Date.now(),
): string | undefined {
  const match = annotation?.trim().match(/^([\w-]+)(?:\/(\d+))?$/);
  if (!match) return undefined;
  const [, uid, panel] = match;
  const params = new URLSearchParams();
  if (panel) params.set('viewPanel', panel);
  params.set('from', String(Date.parse(startsAt) - hourMs));
  params.set('to', String(effectiveEnd(startsAt, endsAt, now)));
  return `${grafanaUrl}/d/${uid}?${params.toString()}`;
}

/** Alertmanager's new-silence form, pre-filled with exactly this alert's labels. */
export function silenceLink(
  alertmanagerUrl: string | undefined,
  labels: Record<string, string>,
): string | undefined {
  if (!alertmanagerUrl) return undefined;
  const matchers = Object.keys(labels)
    .sort()
    .map((name) => `${name}="${labels[name]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return `${alertmanagerUrl.replace(/\/$/, '')}/#/silences/new?filter=${encodeURIComponent(`{${matchers.join(',')}}`)}`;
}

/** The alert's Prometheus graph (generatorURL), moved onto PROMETHEUS_URL when that is set. */
export function graphLink(generatorURL: string, prometheusUrl?: string): string | undefined {
  if (!/^https?:\/\//.test(generatorURL)) return undefined;
  if (!prometheusUrl) return generatorURL;
  const source = new URL(generatorURL);
  const target = new URL(prometheusUrl);
  const path = source.pathname.replace(/^.*(\/graph)$/, '$1');
  return `${target.origin}${target.pathname.replace(/\/$/, '')}${path}${source.search}`;
}

/** runbook_url as given when absolute; relative paths are resolved against RUNBOOK_BASE_URL. */
export function runbookLink(runbookUrl: string | undefined, base?: string): string | undefined {
  if (!runbookUrl) return undefined;
  if (/^https?:\/\//.test(runbookUrl)) return runbookUrl;
  return base ? `${base.replace(/\/$/, '')}/${runbookUrl.replace(/^\//, '')}` : undefined;
}
