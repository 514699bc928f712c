import type { Panel } from './dashboard-model.ts';

/** What happened to one panel's place, in words; `reflowed` when it only shifted because others changed. */
export interface LayoutChange {
  key: string;
  changes: Array<[field: string, before: string, after: string]>;
}

const readingOrder = (panels: readonly Panel[]) =>
  [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x).map((p) => p.key);

/** The longest common subsequence of two key lists: the panels that kept their order. */
function keptOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const len = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      kept.add(a[i]!);
      i++;
      j++;
    } else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

/**
 * Layout changes of the panels both sides have. A panel that changed size reads as one line
 * ("width 12 → 24"); one that changed row, or whose place in reading order changed (it is not
 * in the longest run of panels that kept their order), reads as moved; every other position
 * change is the layout flowing around those and is only counted, not listed.
 */
export function layoutChanges(
  before: readonly Panel[],
  after: readonly Panel[],
): { changes: LayoutChange[]; reflowed: number } {
  const old = new Map(before.map((p) => [p.key, p]));
  const common = after.filter((p) => old.has(p.key));
  const orderBefore = readingOrder(before.filter((p) => common.some((c) => c.key === p.key)));
  const orderAfter = readingOrder(common);
  const kept = keptOrder(orderBefore, orderAfter);
  const changes: LayoutChange[] = [];
  let reflowed = 0;
  for (const now of common) {
    const was = old.get(now.key)!;
    const list: LayoutChange['changes'] = [];
    if (was.gridPos.w !== now.gridPos.w) list.push(['width', `${was.gridPos.w}`, `${now.gridPos.w}`]);
    if (was.gridPos.h !== now.gridPos.h) list.push(['height', `${was.gridPos.h}`, `${now.gridPos.h}`]);
    if (was.row !== now.row) list.push(['row', was.row, now.row]);
    else if (!kept.has(now.key)) {
      const place = (order: string[]) => {
        const i = order.indexOf(now.key);
        return i === 0 ? 'first' : `after ${order[i - 1]}`;
      };
      list.push(['position', place(orderBefore), place(orderAfter)]);
    }
    const moved = was.gridPos.x !== now.gridPos.x || was.gridPos.y !== now.gridPos.y;
    if (list.length) changes.push({ key: now.key, changes: list });
    else if (moved) reflowed++;
  }
  return { changes, reflowed };
}
