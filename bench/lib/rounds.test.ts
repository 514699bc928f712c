import { describe, expect, it } from 'vitest';
import { minRounds, repeat, roundsFromEnv, spread, spreadOf } from './rounds.ts';

describe('spread', () => {
  it('takes the median of an odd and an even count, with min, max and the rounds in order', () => {
    expect(spread([5, 1, 9, 3, 7])).toEqual({ median: 5, min: 1, max: 9, rounds: [5, 1, 9, 3, 7] });
    expect(spread([4, 1, 3, 2, 10, 6]).median).toBe(3.5);
  });

  it('takes one field of rounds recorded as objects', () => {
    const rounds = [
      { lost: 3, label: 'a' },
      { lost: 1, label: 'b' },
      { lost: 2, label: 'c' },
    ];
    expect(spreadOf(rounds, 'lost')).toEqual({ median: 2, min: 1, max: 3, rounds: [3, 1, 2] });
  });
});

describe('repeat', () => {
  it('runs the measurement once per round, in sequence', async () => {
    let running = 0;
    const seen: number[] = [];
    const result = await repeat(
      'x',
      async (round) => {
        running++;
        expect(running).toBe(1);
        await new Promise((r) => setTimeout(r, 1));
        running--;
        seen.push(round);
        return round * 10;
      },
      { rounds: 6 },
    );
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result).toMatchObject({ median: 25, min: 0, max: 50 });
  });

  it(`refuses fewer than ${minRounds} rounds and a non-finite measurement`, async () => {
    await expect(repeat('x', () => 1, { rounds: 3 })).rejects.toThrow(/at least 5 rounds/);
    await expect(repeat('x', () => NaN, { rounds: 5 })).rejects.toThrow(/round 1 measured NaN/);
  });
});

describe('roundsFromEnv', () => {
  it('defaults to the minimum and accepts more, never fewer', () => {
    expect(roundsFromEnv({})).toBe(minRounds);
    expect(roundsFromEnv({ BENCH_ROUNDS: '9' })).toBe(9);
    expect(() => roundsFromEnv({ BENCH_ROUNDS: '2' })).toThrow(/BENCH_ROUNDS/);
  });
});
