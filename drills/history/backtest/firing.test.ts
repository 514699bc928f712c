import { describe, expect, it } from 'vitest';
import { firingsOf } from './firing.ts';

const labels = { job: 'porttrack-api' };
const steps = (from: number, to: number) =>
  Array.from({ length: (to - from) / 60 + 1 }, (_, i) => from + i * 60);

describe('firingsOf', () => {
  it('fires once the expression has held for `for:` and resolves at the first step without it', () => {
    const f = firingsOf([{ labels, times: steps(600, 1200) }], { stepS: 60, forS: 120, rangeEnd: 6000 });
    expect(f).toEqual([{ labels, start: 720, end: 1260 }]);
  });

  it('never fires on a run shorter than `for:` (still pending when it ends)', () => {
    expect(firingsOf([{ labels, times: steps(600, 660) }], { stepS: 60, forS: 120, rangeEnd: 6000 })).toEqual(
      [],
    );
  });

  it('a gap of one step resets the pending time', () => {
    const times = [...steps(0, 60), ...steps(180, 240)];
    expect(firingsOf([{ labels, times }], { stepS: 60, forS: 120, rangeEnd: 6000 })).toEqual([]);
    expect(firingsOf([{ labels, times }], { stepS: 60, forS: 60, rangeEnd: 6000 })).toEqual([
      { labels, start: 60, end: 120 },
      { labels, start: 240, end: 300 },
    ]);
  });

  it('for: 0 fires at the first step; a `for:` between steps rounds up to the next step', () => {
    expect(firingsOf([{ labels, times: [300] }], { stepS: 60, forS: 0, rangeEnd: 6000 })).toEqual([
      { labels, start: 300, end: 360 },
    ]);
    expect(
      firingsOf([{ labels, times: steps(0, 600) }], { stepS: 60, forS: 90, rangeEnd: 6000 })[0]?.start,
    ).toBe(120);
  });

  it('keeps label sets apart and leaves a firing open at the range end', () => {
    const other = { job: 'porttrack-api', instance: 'b' };
    const f = firingsOf(
      [
        { labels, times: steps(0, 120) },
        { labels: other, times: steps(60, 600) },
      ],
      { stepS: 60, forS: 60, rangeEnd: 600 },
    );
    expect(f).toEqual([
      { labels, start: 60, end: 180 },
      { labels: other, start: 120, end: null },
    ]);
  });
});
