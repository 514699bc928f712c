import { describe, expect, it } from 'vitest';
import { pastFiring, pastHealthy } from './mutants.ts';
import { parseSamples } from './promtool-eval.ts';
import type { Threshold } from './thresholds.ts';

const over = (value: number): Threshold => ({ op: '>', value, lhs: 'x', from: 0, to: 0 });
const under = (value: number): Threshold => ({ op: '<', value, lhs: 'x', from: 0, to: 0 });

describe('threshold moves', () => {
  it('past the firing input: no firing value crosses any more', () => {
    expect(pastFiring(over(0.05), [0.1, 0.2])).toBe(0.2);
    expect(pastFiring(under(0.1), [0.05, 0.02])).toBe(0.02);
    expect(pastFiring(over(1), [])).toBeNull();
  });

  it('past the healthy input: every healthy value crosses; not when one already does', () => {
    expect(pastHealthy(over(0.05), [0.01, 0.02])).toBeCloseTo(0.01 - 1e-8, 12);
    expect(pastHealthy(over(0), [0])).toBe(-1e-9);
    expect(pastHealthy(under(0.4), [0.6, 0.5])).toBeCloseTo(0.6, 5);
    expect(pastHealthy(over(0), [3])).toBeNull();
    expect(pastHealthy(under(0.4), [])).toBeNull();
  });
});

describe('parseSamples', () => {
  it('reads promtool\'s "got" line, by query, leaving NaN out', () => {
    expect(
      parseSamples('{__q="0", instance="x", job="a"} 2.5E+01, {__q="1", job="a"} 5E+00, {__q="1"} NaN'),
    ).toEqual([
      { query: 0, value: 25 },
      { query: 1, value: 5 },
    ]);
  });
});
