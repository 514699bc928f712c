import type { Dashboard, Panel } from './dashboard-model.ts';
import { diffByKey, fieldChanges } from './field-diff.ts';
import { code, focus, shorten, table } from './markdown.ts';
import { layoutChanges } from './panel-layout.ts';

type Row = [panel: string, change: string, before: string, after: string];

/**
 * Pairs the two sides' panels: by title first; then a panel left over on each side with the
 * same id is one panel renamed (its key becomes the new title on both sides).
 */
function paired(before: Panel[], after: Panel[]): Panel[] {
  const titles = new Set(after.map((p) => p.key));
  const keys = new Set(before.map((p) => p.key));
  return before.map((p) => {
    if (titles.has(p.key)) return p;
    const renamed = after.find((a) => a.id === p.id && !keys.has(a.key));
    return renamed ? { ...p, key: renamed.key } : p;
  });
}

function contentRows(key: string, was: Panel, now: Panel): Row[] {
  const rows: Row[] = [];
  const add = (field: string, b: string, a: string) => {
    if (b === a) return;
    const [fb, fa] = focus(b, a);
    rows.push([key, field, code(fb), code(fa)]);
  };
  add('title', was.title, now.title);
  add('type', was.type, now.type);
  const refs = Math.max(was.queries.length, now.queries.length);
  for (let i = 0; i < refs; i++) add('query', was.queries[i] ?? '(none)', now.queries[i] ?? '(none)');
  add('unit', was.unit || '(none)', now.unit || '(none)');
  add('thresholds', was.thresholds || '(none)', now.thresholds || '(none)');
  for (const c of fieldChanges(was.rest, now.rest)) add(c.field, c.before ?? '(unset)', c.after ?? '(unset)');
  return rows;
}

const placed = (p: Panel) =>
  `${p.type}${p.row ? ` in row ${p.row}` : ''}, ${p.gridPos.w}×${p.gridPos.h} at ${p.gridPos.x},${p.gridPos.y}`;

function dashboardRows(was: Dashboard, now: Dashboard): { rows: Row[]; reflowed: number } {
  const before = paired(was.panels, now.panels);
  const diff = diffByKey(new Map(before.map((p) => [p.key, p])), new Map(now.panels.map((p) => [p.key, p])));
  const rows: Row[] = [
    ...diff.added.flatMap(([key, p]): Row[] => [
      [code(key), 'added', '', placed(p)],
      ...p.queries.map((q): Row => ['', 'query', '', code(shorten(q))]),
    ]),
    ...diff.removed.map(([key, p]): Row => [code(key), 'removed', placed(p), '']),
  ];
  const layout = layoutChanges(before, now.panels);
  const layoutOf = new Map(layout.changes.map((c) => [c.key, c.changes]));
  const nowByKey = new Map(now.panels.map((p) => [p.key, p]));
  for (const b of before) {
    const a = nowByKey.get(b.key);
    if (!a) continue;
    const own: Row[] = [
      ...contentRows(code(b.key), b, a),
      ...(layoutOf.get(b.key) ?? []).map(([field, x, y]): Row => [code(b.key), field, x, y]),
    ];
    rows.push(...own.map((row, i): Row => (i === 0 ? row : ['', row[1], row[2], row[3]])));
  }
  for (const c of fieldChanges(was.settings, now.settings))
    rows.push(['(dashboard)', c.field, code(c.before ?? '(unset)'), code(c.after ?? '(unset)')]);
  return { rows, reflowed: layout.reflowed };
}

export function dashboardsSection(
  before: ReadonlyMap<string, Dashboard>,
  after: ReadonlyMap<string, Dashboard>,
): string[] {
  const diff = diffByKey(before, after);
  const lines: string[] = [
    ...diff.added.map(([uid, d]) => `- added ${code(d.title)} (${uid}), ${d.panels.length} panels`),
    ...diff.removed.map(([uid, d]) => `- removed ${code(d.title)} (${uid})`),
  ];
  if (lines.length) lines.push('');
  for (const [uid, was, now] of diff.changed) {
    const { rows, reflowed } = dashboardRows(was, now);
    if (!rows.length) continue;
    lines.push(`#### ${now.title} (${uid})`, '', ...table(['Panel', 'Change', 'Before', 'After'], rows));
    if (reflowed) lines.push('', `${reflowed} other panels only shifted to make room (layout, not listed).`);
    lines.push('');
  }
  return lines.length ? ['### Dashboards', '', ...lines] : [];
}
