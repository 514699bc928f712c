import { describe, expect, it } from 'vitest';
import { fromSeconds, scaleDuration, toSeconds } from './duration.ts';

describe('durations', () => {
  it('parses Prometheus units', () => {
    expect([toSeconds('30s'), toSeconds('5m'), toSeconds('1h'), toSeconds('3d')]).toEqual([
      30, 300, 3600, 259_200,
    ]);
    expect(() => toSeconds('5 minutes')).toThrow(/not a duration/);
  });

  it('round-trips every whole number of seconds through the shortest exact spelling', () => {
    for (let seconds = 0; seconds <= 3 * 86_400; seconds += 7) {
      const spelled = fromSeconds(seconds);
      expect(toSeconds(spelled)).toBe(seconds);
      expect(spelled).toMatch(/^\d+[smhd]$/);
    }
    expect([fromSeconds(90), fromSeconds(3600), fromSeconds(5400), fromSeconds(86_400)]).toEqual([
      '90s',
      '1h',
      '90m',
      '1d',
    ]);
  });

  it('scales for the end-to-end drills', () => {
    expect(scaleDuration('10m', 0.05)).toBe('30s');
    expect(scaleDuration('1m', 0.01)).toBe('1s');
    expect(scaleDuration('0m', 0.5)).toBe('0s');
  });
});
