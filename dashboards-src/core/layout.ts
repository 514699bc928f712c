import type { GridPos } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelSpec, RowSpec } from './panel-spec.ts';

export const gridWidth = 24;
/** Ids for rows and panels nobody links to start here, clear of the reserved ids in lib/monitoring/dashboards.ts. */
export const firstFreeId = 100;

export interface PlacedPanel {
  spec: PanelSpec;
  id: number;
  gridPos: GridPos;
}

export interface PlacedRow {
  title: string;
  id: number;
  gridPos: GridPos;
  panels: PlacedPanel[];
}

/**
 * Places rows top to bottom and each row's panels left to right, wrapping when the next panel
 * would cross column 24. Deterministic: the same definitions always give the same ids and
 * positions.
 */
export function layout(rows: readonly RowSpec[], where: string): PlacedRow[] {
  let nextId = firstFreeId;
  let y = 0;
  const placed: PlacedRow[] = [];
  for (const rowSpec of rows) {
    const placedRow: PlacedRow = {
      title: rowSpec.title,
      id: nextId++,
      gridPos: { x: 0, y, w: gridWidth, h: 1 },
      panels: [],
    };
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const panel of rowSpec.panels) {
      if (panel.width < 1 || panel.width > gridWidth) {
        throw new Error(
          `${where} row "${rowSpec.title}": panel width ${panel.width} is outside 1..${gridWidth}`,
        );
      }
      if (x + panel.width > gridWidth) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const id = panel.id ?? nextId++;
      placedRow.panels.push({ spec: panel, id, gridPos: { x, y, w: panel.width, h: panel.height } });
      x += panel.width;
      lineHeight = Math.max(lineHeight, panel.height);
    }
    y += lineHeight;
    placed.push(placedRow);
  }
  return placed;
}
