import { dashboards, panels } from '../../lib/monitoring/index.ts';
import type { Problem } from '../../lib/validation.ts';
import { type GeneratedDashboard, locate, panelName, panelsOf } from './model.ts';

/**
 * Dashboard uids are the ones lib/monitoring/dashboards.ts promises (alerts and notifications link to them) and
 * unique; panel ids are unique within a dashboard; every reserved panel id exists.
 */
export function identityProblems(generated: readonly GeneratedDashboard[]): Problem[] {
  const problems: Problem[] = [];
  const byUid = new Map<string, GeneratedDashboard>();
  for (const dashboard of generated) {
    const earlier = byUid.get(dashboard.json.uid);
    if (earlier) {
      problems.push({
        file: dashboard.file,
        where: locate(dashboard.json),
        message: `uid ${dashboard.json.uid} is also used by ${earlier.file}`,
      });
    }
    byUid.set(dashboard.json.uid, dashboard);
    const seen = new Map<number, string>();
    for (const panel of panelsOf(dashboard.json)) {
      if (panel.id === undefined) {
        problems.push({
          file: dashboard.file,
          where: locate(dashboard.json, panelName(panel)),
          message: 'panel has no id',
        });
        continue;
      }
      const other = seen.get(panel.id);
      if (other !== undefined) {
        problems.push({
          file: dashboard.file,
          where: locate(dashboard.json, panelName(panel)),
          message: `panel id ${panel.id} is also used by "${other}"`,
        });
      }
      seen.set(panel.id, panel.title ?? '');
    }
  }
  for (const [key, ref] of Object.entries(dashboards)) {
    const dashboard = byUid.get(ref.uid);
    if (!dashboard) {
      problems.push({
        file: 'lib/monitoring/dashboards.ts',
        where: `dashboard ${ref.uid} "${ref.title}"`,
        message: `no generated dashboard has uid ${ref.uid} (lib/monitoring/dashboards.ts key ${key}); links to it would break`,
      });
      continue;
    }
    const ids = new Set(panelsOf(dashboard.json).map((p) => p.id));
    for (const [subject, id] of Object.entries(panels[key as keyof typeof panels])) {
      if (!ids.has(id)) {
        problems.push({
          file: dashboard.file,
          where: locate(dashboard.json, `panel ${id} (${subject})`),
          message: `reserved panel id ${id} for "${subject}" (lib/monitoring/dashboards.ts) does not exist on the dashboard`,
        });
      }
    }
  }
  return problems;
}
