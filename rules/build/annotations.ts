import { dashboardAnnotation, runbookUrl } from '../../lib/monitoring/index.ts';
import type { AlertSpec } from './types.ts';

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
