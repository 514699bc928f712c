import type { Problem } from '../../lib/validation.ts';
import { type GeneratedDashboard, datasourceRefsOf, locate, panelName, panelsOf } from './model.ts';

export interface ProvisionedRef {
  uid: string;
  type: string;
}

/** Every datasource a dashboard names is provisioned, with that uid and that type. */
export function datasourceProblems(
  generated: readonly GeneratedDashboard[],
  provisioned: readonly ProvisionedRef[],
): Problem[] {
  const byUid = new Map(provisioned.map((ds) => [ds.uid, ds]));
  const problems: Problem[] = [];
  for (const dashboard of generated) {
    for (const { where, ref } of datasourceRefsOf(dashboard.json)) {
      if (ref.uid === undefined || ref.uid.startsWith('$') || ref.uid === '-- Grafana --') continue;
      const ds = byUid.get(ref.uid);
      const at = { file: dashboard.file, where: locate(dashboard.json, where) };
      if (!ds) {
        problems.push({
          ...at,
          message: `datasource uid ${ref.uid} is not provisioned (known: ${[...byUid.keys()].join(', ')})`,
        });
      } else if (ref.type !== undefined && ref.type !== ds.type) {
        problems.push({
          ...at,
          message: `datasource ${ref.uid} is provisioned as ${ds.type}, not ${ref.type}`,
        });
      }
    }
  }
  return problems;
}

const mixed = '-- Mixed --';

/**
 * Grafana runs a panel's targets through the panel's datasource unless it is "-- Mixed --": a
 * panel without one, or with another than its targets', would query the wrong backend.
 */
export function panelDatasourceProblems(generated: readonly GeneratedDashboard[]): Problem[] {
  const problems: Problem[] = [];
  for (const dashboard of generated) {
    for (const panel of panelsOf(dashboard.json)) {
      const targets = panel.targets ?? [];
      if (!targets.length || panel.datasource?.uid === mixed) continue;
      const others = targets.filter(
        (t) => t.datasource?.uid !== undefined && t.datasource.uid !== panel.datasource?.uid,
      );
      if (!panel.datasource?.uid || others.length) {
        problems.push({
          file: dashboard.file,
          where: locate(dashboard.json, panelName(panel)),
          message: `panel datasource ${panel.datasource?.uid ?? '(none)'} does not match its targets' (${[
            ...new Set(targets.map((t) => t.datasource?.uid)),
          ].join(', ')}); set it, or use ${mixed}`,
        });
      }
    }
  }
  return problems;
}
