import { validate } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronFor } from './schedule.ts';

describe('cronFor', () => {
  it('turns intervals that divide a minute or an hour into valid cron expressions', () => {
    expect(cronFor(15)).toBe('*/15 * * * * *');
    expect(cronFor(300)).toBe('0 */5 * * * *');
    for (const s of [1, 2, 5, 10, 30, 60, 120, 900, 1800]) expect(validate(cronFor(s)), String(s)).toBe(true);
  });

  it('refuses intervals a cron step cannot keep constant, saying which ones work', () => {
    expect(() => cronFor(7)).toThrow(/divisor of 60 s/);
    expect(() => cronFor(90)).toThrow(/whole minutes/);
  });
});
