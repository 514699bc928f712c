import { describe, expect, it } from 'vitest';
import { judge, missLine, printVerdicts } from './goals.ts';
import { spread } from './rounds.ts';

describe('judge', () => {
  it('judges on the median, not on the best round', () => {
    // Two rounds under 5 ms and three over: the median misses.
    const [verdict] = judge([{ name: 'p99', unit: 'ms', figure: spread([1, 2, 6, 7, 8]), at_most: 5 }]);
    expect(verdict).toMatchObject({
      met: false,
      median: 6,
      min: 1,
      max: 8,
      rounds: 5,
      goal: 'median <= 5 ms',
    });
    const [atLeast] = judge([{ name: 'share', figure: spread([30, 50, 45, 41, 60]), at_least: 40 }]);
    expect(atLeast?.met).toBe(true);
  });

  it('needs exactly one bound', () => {
    expect(() => judge([{ name: 'x', figure: 1 }])).toThrow(/exactly one/);
    expect(() => judge([{ name: 'x', figure: 1, at_most: 1, at_least: 0 }])).toThrow(/exactly one/);
  });
});

describe('printVerdicts', () => {
  it('prints a plain GOAL MISSED line for each miss, with its cause, and none for a met goal', () => {
    const verdicts = judge([
      {
        name: 'scrape p99 at 10M rows',
        unit: 'ms',
        figure: spread([12, 11, 13, 12, 14]),
        at_most: 5,
        cause: 'refresh blocks the loop',
      },
      {
        name: 'ingest share of COPY',
        unit: '%',
        figure: spread([50, 60, 55, 52, 58]),
        at_least: 40,
        noise: spread([0, 1, -1, 2, 0]),
      },
    ]);
    const lines: string[] = [];
    printVerdicts(verdicts, (l) => lines.push(...l.split('\n')));
    const misses = lines.filter((l) => l.startsWith('GOAL MISSED'));
    expect(misses).toEqual([missLine(verdicts[0]!)]);
    expect(misses[0]).toBe(
      'GOAL MISSED: scrape p99 at 10M rows: median 12 ms (min 11, max 14, 5 rounds); goal median <= 5 ms; cause: refresh blocks the loop',
    );
  });
});
