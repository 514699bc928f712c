import type { Problem } from '../../lib/validation.ts';
import { gridWidth } from '../core/layout.ts';
import type { PanelJson } from '../core/definition.ts';
import { type GeneratedDashboard, locate, panelName } from './model.ts';

type Box = { x: number; y: number; w: number; h: number };

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Top-level panels (rows included) stay within the 24 columns and never overlap. */
export function gridProblems(generated: readonly GeneratedDashboard[]): Problem[] {
  const problems: Problem[] = [];
  for (const dashboard of generated) {
    const placed: Array<{ panel: PanelJson; box: Box }> = [];
    for (const panel of dashboard.json.panels) {
      const where = locate(dashboard.json, panelName(panel));
      const box = panel.gridPos;
      if (!box) {
        problems.push({ file: dashboard.file, where, message: 'panel has no gridPos' });
        continue;
      }
      if (box.w < 1 || box.h < 1 || box.x < 0 || box.y < 0 || box.x + box.w > gridWidth) {
        problems.push({
          file: dashboard.file,
          where,
          message: `gridPos x=${box.x} y=${box.y} w=${box.w} h=${box.h} is outside the ${gridWidth}-column grid`,
        });
      }
      for (const other of placed) {
        if (overlaps(box, other.box)) {
          problems.push({
            file: dashboard.file,
            where,
            message: `gridPos x=${box.x} y=${box.y} w=${box.w} h=${box.h} overlaps ${panelName(other.panel)}`,
          });
        }
      }
      placed.push({ panel, box });
    }
  }
  return problems;
}
