import { describe, expect, it } from 'vitest';
import { compareWithControl, type Arm } from './control.ts';

describe('compareWithControl', () => {
  it('reports the effect and an A/A noise figure computed the same way, rotating the arm order', async () => {
    const calls: Arm[] = [];
    // The subject is 20% slower; baseline and control differ only by a small alternating wobble.
    const value: Record<Arm, (round: number) => number> = {
      baseline: () => 100,
      subject: () => 120,
      control: (round) => (round % 2 ? 101 : 99),
    };
    const result = await compareWithControl({
      rounds: 5,
      measure: (arm, round) => {
        calls.push(arm);
        return value[arm](round);
      },
      compare: (measured, baseline) => (measured / baseline - 1) * 100,
    });
    expect(result.effect.median).toBeCloseTo(20);
    expect(result.noise.min).toBeCloseTo(-1);
    expect(result.noise.max).toBeCloseTo(1);
    expect(result.baseline.rounds).toEqual([100, 100, 100, 100, 100]);
    // Every arm goes first in some round.
    expect(new Set(result.orders.map((o) => o[0]))).toEqual(new Set(['baseline', 'subject', 'control']));
    expect(calls).toHaveLength(15);
  });
});
