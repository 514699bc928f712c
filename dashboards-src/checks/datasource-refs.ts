import type { Problem } from '../../lib/validation.ts';
import { type GeneratedDashboard, datasourceRefsOf, locate } from './model.ts';

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
