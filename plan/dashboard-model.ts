import type { Snapshot } from './planned-files.ts';

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A panel as a reviewer reads it; `rest` holds every other field (options, links...) for a field-by-field look. */
export interface Panel {
  /** Its title, with `#2`... for a repeated title: how the two sides are matched. */
  key: string;
  id: number;
  type: string;
  title: string;
  /** The row it sits under ('' before the first row). */
  row: string;
  gridPos: GridPos;
  /** `A: <expr or SQL>` per target. */
  queries: string[];
  unit: string;
  /** `base green, 2 red`. */
  thresholds: string;
  rest: Record<string, unknown>;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  /** The dashboard's own fields (variables, time, tags...) without its panels. */
  settings: Record<string, unknown>;
}

interface RawTarget {
  refId?: string;
  expr?: string;
  rawSql?: string;
  [field: string]: unknown;
}

type RawPanel = Record<string, unknown> & {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: GridPos;
  targets?: RawTarget[];
  panels?: RawPanel[];
  fieldConfig?: {
    defaults?: { unit?: string; thresholds?: { steps?: Array<{ value: number | null; color: string }> } };
  };
};

const query = (t: RawTarget) => {
  const { refId, datasource: _d, ...rest } = t;
  return `${refId ?? '?'}: ${t.expr ?? t.rawSql ?? JSON.stringify(rest)}`;
};

function toPanel(raw: RawPanel, row: string): Omit<Panel, 'key'> {
  const { id, type, title, gridPos, targets, panels: _children, fieldConfig, ...rest } = raw;
  const { unit = '', thresholds, ...defaults } = fieldConfig?.defaults ?? {};
  const steps = thresholds?.steps ?? [];
  return {
    id: id ?? -1,
    type: type ?? '',
    title: title ?? '',
    row,
    gridPos: gridPos ?? { x: 0, y: 0, w: 0, h: 0 },
    queries: (targets ?? []).map(query),
    unit,
    thresholds: steps.map((s) => `${s.value === null ? 'base' : s.value} ${s.color}`).join(', '),
    rest: { ...rest, fieldConfig: { ...fieldConfig, defaults } },
  };
}

/** The panels in document order, rows included (a collapsed row's panels after it). */
function panelsOf(raw: RawPanel[]): Panel[] {
  const seen = new Map<string, number>();
  let row = '';
  const flat: Panel[] = [];
  const add = (p: RawPanel) => {
    if (p.type === 'row') row = p.title ?? '';
    const panel = toPanel(p, p.type === 'row' ? '' : row);
    const n = (seen.get(panel.title) ?? 0) + 1;
    seen.set(panel.title, n);
    flat.push({ ...panel, key: n > 1 ? `${panel.title} #${n}` : panel.title });
    for (const child of p.panels ?? []) add(child);
  };
  for (const p of raw) add(p);
  return flat;
}

/** One dashboard model (parsed JSON) as the reviewer's panels; `name` when it has no uid or title. */
export function dashboardOf(model: Record<string, unknown>, name: string): Dashboard {
  const {
    panels = [],
    uid = name,
    title = name,
    ...settings
  } = model as {
    panels?: RawPanel[];
    uid?: string;
    title?: string;
  };
  return { uid, title, panels: panelsOf(panels), settings: { title, ...settings } };
}

export function readDashboards(snapshot: Snapshot): Map<string, Dashboard> {
  const dashboards = new Map<string, Dashboard>();
  for (const [path, text] of [...snapshot].sort(([a], [b]) => a.localeCompare(b))) {
    if (!path.startsWith('stack/grafana/dashboards/')) continue;
    const dashboard = dashboardOf(JSON.parse(text) as Record<string, unknown>, path);
    dashboards.set(dashboard.uid, dashboard);
  }
  return dashboards;
}
