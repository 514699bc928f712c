import type { PanelJson } from '../core/definition.ts';

export interface ImportedRow {
  title: string;
  collapsed: boolean;
  /** In reading order (top to bottom, left to right), as the layout will place them. */
  panels: PanelJson[];
}

const readingOrder = (a: PanelJson, b: PanelJson) =>
  (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0);

/**
 * The dashboard's rows with their panels: a panel belongs to the row above it; a collapsed
 * row holds its panels inside. Panels above the first row go to a row titled ''.
 */
export function importedRows(panels: readonly PanelJson[]): ImportedRow[] {
  const rows: ImportedRow[] = [];
  for (const panel of [...panels].sort(readingOrder)) {
    if (panel.type === 'row') {
      rows.push({
        title: panel.title ?? '',
        collapsed: panel.collapsed === true,
        panels: [...(panel.panels ?? [])].sort(readingOrder),
      });
      continue;
    }
    if (!rows.length) rows.push({ title: '', collapsed: false, panels: [] });
    rows.at(-1)!.panels.push(panel);
  }
  return rows;
}
