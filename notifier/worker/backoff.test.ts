import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.ts';

describe('backoffMs', () => {
  it('doubles per attempt, stays within [ceiling/2, ceiling] and is capped', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(60_000, 500 * 2 ** (attempt - 1));
      expect(backoffMs(attempt, 500, 60_000, () => 0)).toBe(ceiling / 2);
      expect(backoffMs(attempt, 500, 60_000, () => 1)).toBe(ceiling);
    }
  });

  it('spreads retries: many draws differ', () => {
    const draws = new Set(Array.from({ length: 50 }, () => backoffMs(6, 1000, 300_000)));
    expect(draws.size).toBeGreaterThan(40);
    for (const d of draws) expect(d).toBeGreaterThanOrEqual(16_000);
  });
});
