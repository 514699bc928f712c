/**
 * A plain JSON value as its leaves: `{a: {b: 1}, c: [{d: 2}], e: [x, y]}` is `a.b` 1, `c[0].d` 2,
 * `e` [x, y]. Objects by key, lists of objects by position, lists of scalars whole (one leaf for
 * a list that grew); an empty object is a leaf of its own. The plan compares generated files this way; the dashboard importer writes
 * a panel's UI edits as such paths and puts them back with `setLeaf`.
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

export function leaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isObject(value) && Object.keys(value).length === 0 && prefix) {
    out.set(prefix, {});
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value) && value.some((item) => isObject(item) || Array.isArray(item))) {
    value.forEach((item, i) => leaves(item, `${prefix}[${i}]`, out));
  } else if (value !== undefined) {
    out.set(prefix, value);
  }
  return out;
}

/** `a.b[2].c` as ['a', 'b', 2, 'c']. */
const steps = (path: string): Array<string | number> =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));

/** Sets (or with `undefined`, deletes) the leaf at `path`, creating objects and lists on the way. */
export function setLeaf(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = steps(path);
  let node: Record<string | number, unknown> = target;
  for (const [i, key] of keys.slice(0, -1).entries()) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
      if (value === undefined) return;
      node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    }
    node = node[key] as Record<string | number, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The leaves where `after` differs from `before`, with `after`'s value (`undefined`: gone). */
export function leafChanges(before: unknown, after: unknown): Map<string, unknown> {
  const a = leaves(before);
  const b = leaves(after);
  const changes = new Map<string, unknown>();
  for (const [path, value] of b) if (!a.has(path) || !same(a.get(path), value)) changes.set(path, value);
  // A removed leaf, or the outermost object or list item around it of which `after` has nothing
  // left; last positions first, so that removing a list item keeps the earlier indexes right.
  const kept = [...b.keys()];
  const absent = (item: string) => !kept.some((p) => p.startsWith(`${item}.`) || p.startsWith(`${item}[`));
  for (const path of [...a.keys()].filter((p) => !b.has(p)).reverse()) {
    const item = [...path.matchAll(/\.|\[\d+\]/g)]
      .map((m) => path.slice(0, m[0] === '.' ? m.index : m.index + m[0].length))
      .find((prefix) => !b.has(prefix) && absent(prefix));
    changes.set(item ?? path, undefined);
  }
  return changes;
}
