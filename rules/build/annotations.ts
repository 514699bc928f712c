import { dashboardAnnotation, runbookUrl, runbookUrlTemplate } from '../../lib/monitoring/index.ts';
import type { AlertSpec } from './types.ts';

/**
 * An alert's annotations. `runbook_url` reads the deployment's base from Prometheus' external
 * label (generated files); a local run that knows its base (`npm start`, the drills) passes it.
 */
export function alertAnnotations(spec: AlertSpec, baseUrl?: string) {
  return {
    summary: spec.summary,
    description: spec.description,
    runbook_url: baseUrl === undefined ? runbookUrlTemplate(spec.name) : runbookUrl(spec.name, baseUrl),
    dashboard: dashboardAnnotation(spec.dashboard),
  };
}

export function alertLabels(spec: AlertSpec): Record<string, string> {
  const extra = Object.entries(spec.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return { severity: spec.severity, service: spec.service, ...Object.fromEntries(extra) };
}
