import { describe, expect, it } from 'vitest';
import { inWords, percent, spaced } from './wording.ts';

describe('wording', () => {
  it('says durations in words, singular for one', () => {
    expect([inWords('10m'), inWords('1m'), inWords('1h'), inWords('30s'), inWords('3d')]).toEqual([
      '10 minutes',
      '1 minute',
      '1 hour',
      '30 seconds',
      '3 days',
    ]);
    expect(spaced('6h')).toBe('6 h');
  });

  it('says ratios as exact percentages', () => {
    expect([0.1, 0.05, 0.8, 0.999, 0.01].map(percent)).toEqual(['10%', '5%', '80%', '99.9%', '1%']);
  });
});
