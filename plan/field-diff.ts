/** Field-by-field comparison of two plain values (parsed YAML or JSON), one line per leaf that changed. */
import { leaves } from '../lib/json/leaves.ts';

export interface FieldChange {
  field: string;
  before: string | undefined;
  after: string | undefined;
}

const scalar = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Every leaf of a plain value as text (`a.b = 1`, `c[0].d = 2`, `e = ["x","y"]`; see lib/json/leaves.ts). */
export function flatten(value: unknown): Map<string, string> {
  return new Map([...leaves(value)].map(([path, leaf]) => [path, scalar(leaf)]));
}

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields
    .filter((field) => a.get(field) !== b.get(field))
    .map((field) => ({ field, before: a.get(field), after: b.get(field) }));
}

export interface KeyedDiff<T> {
  added: Array<[string, T]>;
  removed: Array<[string, T]>;
  changed: Array<[string, T, T]>;
}

/** Items of two sides matched by key; changed when their JSON differs. Keys in the after side's order. */
export function diffByKey<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): KeyedDiff<T> {
  const same = (x: T, y: T) => JSON.stringify(x) === JSON.stringify(y);
  return {
    added: [...after].filter(([key]) => !before.has(key)),
    removed: [...before].filter(([key]) => !after.has(key)),
    changed: [...after].flatMap(([key, value]): Array<[string, T, T]> => {
      const old = before.get(key);
      return old !== undefined && !same(old, value) ? [[key, old, value]] : [];
    }),
  };
}
