import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, unsorted on purpose

  it('takes the smallest value with p % of the sample at or below it', () => {
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([7], 99)).toBe(7);
  });

  it('answers NaN for no values and refuses a p outside 0 to 100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(/0 to 100/);
    expect(() => percentile([1], 0.99 - 1)).toThrow(RangeError);
  });

  it('leaves the sample as it was', () => {
    const sample = [3, 1, 2];
    percentile(sample, 50);
    expect(sample).toEqual([3, 1, 2]);
  });
});
