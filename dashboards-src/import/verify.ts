import { leafChanges } from '../../lib/json/leaves.ts';
import type { DashboardJson, PanelJson } from '../core/definition.ts';
import { comparable } from './panel-code.ts';

/** Panels by title, `#2`... for a repeated one, rows left out (their ids and places follow the panels). */
function byTitle(dashboard: DashboardJson): Map<string, PanelJson> {
  const out = new Map<string, PanelJson>();
  const flat = dashboard.panels.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
  for (const panel of flat) {
    const title = panel.title ?? '';
    let key = title;
    for (let n = 2; out.has(key); n++) key = `${title} #${n}`;
    out.set(key, panel);
  }
  return out;
}

/**
 * What the written module builds that differs from the dashboard it was imported from, one
 * line per panel field (ids and places aside: the layout numbers and places them; the importer
 * reports the places it cannot keep).
 */
export function notReproduced(imported: DashboardJson, built: DashboardJson): string[] {
  const want = byTitle(imported);
  const got = byTitle(built);
  const lines: string[] = [];
  for (const [title, panel] of want) {
    const made = got.get(title);
    if (!made) {
      lines.push(`panel "${title}": missing`);
      continue;
    }
    const side = (p: PanelJson) => ({ ...comparable(p), size: { w: p.gridPos?.w, h: p.gridPos?.h } });
    for (const [field] of leafChanges(side(made), side(panel))) lines.push(`panel "${title}": ${field}`);
  }
  for (const title of got.keys()) if (!want.has(title)) lines.push(`panel "${title}": not in the export`);
  return lines;
}
