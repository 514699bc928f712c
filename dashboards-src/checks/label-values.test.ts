import { dashboards, panels } from '../../lib/monitoring/index.ts';
import { describe, expect, it } from 'vitest';
import type { PanelJson } from '../core/definition.ts';
import { generatedDashboards } from '../validate.ts';
import { dashboardLabelValues } from './label-values.ts';
import type { GeneratedDashboard } from './model.ts';

/** A fresh deep copy of the generated dashboards, to break on purpose. */
const copy = (): GeneratedDashboard[] => structuredClone(generatedDashboards());
const panel = (all: GeneratedDashboard[], uid: string, id: number) =>
  all.find((d) => d.json.uid === uid)?.json.panels.find((p) => p.id === id) as PanelJson;

describe('dashboard label values', () => {
  it('pass on the generated dashboards, and the check sees their matchers (not vacuous)', () => {
    const result = dashboardLabelValues(generatedDashboards());
    expect(result.problems).toEqual([]);
    // Every panel of our services selects on job; the API panels on status_code, results, units.
    expect(result.checked).toBeGreaterThanOrEqual(90);
  });

  it('name the dashboard, the panel, the metric, the label and the value that is not declared', () => {
    const all = copy();
    const target = (panel(all, dashboards.api.uid, panels.api.errorRate).targets ?? [])[0] as {
      expr: string;
    };
    target.expr = target.expr.replace('status_code=~"5.."', 'status_code=~"5xx"');
    const problems = dashboardLabelValues(all).problems;
    expect(problems.map((p) => [p.file, p.where, p.message])).toEqual([
      [
        'stack/grafana/dashboards/Operations/porttrack-api.json',
        'dashboard porttrack-api "API Performance", panel 3 "Error rate by endpoint" target A',
        'http_request_duration_seconds_count: status_code=~"5xx": regex "5xx" matches no declared value (declared pattern /^[1-5][0-9][0-9]$/)',
      ],
    ]);
  });
});
