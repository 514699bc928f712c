import type { DashboardModel } from '../../lib/grafana/export.ts';
import { type Dashboard, dashboardOf } from '../dashboard-model.ts';
import { dashboardsSection } from '../dashboard-section.ts';

/**
 * What drift compares: a panel's title, type, queries, unit, thresholds and place; nothing of
 * what Grafana adds or migrates when it loads a dashboard (plugin versions, option defaults,
 * schema version, its own id and version).
 */
const reviewed = (d: Dashboard): Dashboard => ({
  ...d,
  panels: d.panels.map((p) => ({ ...p, rest: {} })),
  settings: {},
});

const byUid = (models: readonly DashboardModel[]) =>
  new Map(models.map((m) => [m.uid, reviewed(dashboardOf(m, m.uid))]));

/**
 * The plan's dashboard section between the generated dashboards ("before") and those found
 * in Grafana or an export ("after"): empty when there is no drift.
 */
export function driftReport(
  generated: readonly DashboardModel[],
  found: readonly DashboardModel[],
): string[] {
  return dashboardsSection(byUid(generated), byUid(found));
}
