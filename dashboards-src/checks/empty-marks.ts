import type { Problem } from '../../lib/validation.ts';
import type { DashboardDefinition } from '../core/definition.ts';
import { locate, panelsOf } from './model.ts';

/**
 * Every `emptyWhenHealthy` mark points at a panel with targets and only at refIds it has, and
 * names its drill: a mark that excuses nothing real would hide a gap from the live check.
 */
export function emptyMarkProblems(definitions: readonly DashboardDefinition[]): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    const json = definition.build();
    const byId = new Map(panelsOf(json).map((p) => [p.id, p]));
    for (const [panelId, mark] of definition.emptyWhenHealthy) {
      const panel = byId.get(panelId);
      const where = locate(json, `panel ${panelId} "${panel?.title ?? ''}"`);
      const refIds = new Set((panel?.targets ?? []).map((t) => t.refId));
      if (!panel || refIds.size === 0) {
        problems.push({
          file: definition.file,
          where,
          message: 'emptyWhenHealthy marks a panel without targets',
        });
        continue;
      }
      for (const refId of mark.refIds ?? []) {
        if (!refIds.has(refId)) {
          problems.push({
            file: definition.file,
            where,
            message: `emptyWhenHealthy names target ${refId}, which the panel lacks`,
          });
        }
      }
      if (!mark.drill.trim())
        problems.push({ file: definition.file, where, message: 'emptyWhenHealthy without a drill' });
    }
  }
  return problems;
}
