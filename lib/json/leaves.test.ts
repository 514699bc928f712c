import { describe, expect, it } from 'vitest';
import { leafChanges, leaves, setLeaf } from './leaves.ts';

const apply = (before: unknown, after: unknown) => {
  const copy = structuredClone(before) as Record<string, unknown>;
  for (const [path, value] of leafChanges(before, after)) setLeaf(copy, path, value);
  return copy;
};

describe('JSON leaves', () => {
  it('lists objects by key, lists of objects by position and lists of scalars whole', () => {
    expect([...leaves({ a: { b: 1 }, c: [{ d: 2 }], e: ['x', 'y'] })]).toEqual([
      ['a.b', 1],
      ['c[0].d', 2],
      ['e', ['x', 'y']],
    ]);
  });

  it('turns one side into the other through its changes: edited, added and removed leaves and list items', () => {
    const before = {
      unit: 's',
      steps: [
        { value: null, color: 'green' },
        { value: 2, color: 'red' },
        { value: 5, color: 'blue' },
      ],
      calcs: ['mean'],
      gone: { deep: true },
    };
    const after = {
      unit: 'ms',
      steps: [{ value: null, color: 'green' }],
      calcs: ['mean', 'max'],
      added: { list: [{ a: 1 }] },
    };
    expect(leafChanges(before, after).get('unit')).toBe('ms');
    expect(apply(before, after)).toEqual(after);
    expect(apply(after, before)).toEqual(before);
  });

  it('sees no change between equal values', () => {
    expect(leafChanges({ a: [{ b: 1 }] }, { a: [{ b: 1 }] }).size).toBe(0);
  });
});
