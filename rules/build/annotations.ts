import { type DashboardRef, dashboards } from '../../dashboards-src/refs.ts';
import type { AlertSpec } from './types.ts';

/** Placeholder base for runbook links; deployments set RUNBOOK_BASE_URL to where the repo is browsable. */
export const defaultRunbookBaseUrl = 'https://git.example.com/porttrack/porttrack-observability/-/blob/main';

export const runbookPath = (alertName: string) => `runbooks/alerts/${alertName}.md`;

export const runbookUrl = (alertName: string, baseUrl: string) =>
  `${baseUrl.replace(/\/+$/, '')}/${runbookPath(alertName)}`;

/** `<uid>` or `<uid>/<panelId>`: the notifier turns it into a Grafana link. */
export const dashboardAnnotation = (ref: DashboardRef) =>
  ref.panelId === undefined
    ? dashboards[ref.dashboard].uid
    : `${dashboards[ref.dashboard].uid}/${ref.panelId}`;

export function alertAnnotations(spec: AlertSpec, baseUrl: string) {
  return {
    summary: spec.summary,
    description: spec.description,
    runbook_url: runbookUrl(spec.name, baseUrl),
    dashboard: dashboardAnnotation(spec.dashboard),
  };
}

export function alertLabels(spec: AlertSpec): Record<string, string> {
  const extra = Object.entries(spec.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return { severity: spec.severity, service: spec.service, ...Object.fromEntries(extra) };
}
