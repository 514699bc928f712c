import { describe, expect, it } from 'vitest';
import { findThresholds, withThreshold } from './thresholds.ts';

describe('findThresholds', () => {
  it('finds top-level comparisons with a number, through and/or and parentheses', () => {
    const expr = '(a:1h > 14.4 and a:5m > 14.4) or (b / c >= 6 unless d == 0)';
    expect(findThresholds(expr).map((t) => [t.lhs, t.op, t.value])).toEqual([
      ['a:1h', '>', 14.4],
      ['a:5m', '>', 14.4],
      ['b / c', '>=', 6],
    ]);
  });

  it('skips filters inside arithmetic, series-to-series and bool comparisons', () => {
    expect(findThresholds('used / (limit > 0) > 0.9').map((t) => t.lhs)).toEqual(['used / (limit > 0)']);
    expect(findThresholds('on_shift < required')).toEqual([]);
    expect(findThresholds('up > bool 0')).toEqual([]);
    expect(findThresholds('vector(1)')).toEqual([]);
  });

  it('replaces exactly the threshold literal', () => {
    const expr = 'x{a="0.5"} > 0.5 and y > 0.5';
    const [first, second] = findThresholds(expr);
    expect(withThreshold(expr, first!, 7)).toBe('x{a="0.5"} > 7 and y > 0.5');
    expect(withThreshold(expr, second!, 7)).toBe('x{a="0.5"} > 0.5 and y > 7');
  });
});
