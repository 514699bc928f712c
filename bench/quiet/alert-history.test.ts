import { describe, expect, it } from 'vitest';
import { episodesFrom } from './alert-history.ts';

describe('episodesFrom', () => {
  it('joins the pending and firing series of one alert and keeps others apart', () => {
    const t = 1_700_000_000;
    const episodes = episodesFrom(
      [
        {
          metric: { __name__: 'ALERTS', alertname: 'Watchdog', alertstate: 'firing', severity: 'info' },
          values: [
            [t, '1'],
            [t + 5, '1'],
          ],
        },
        {
          metric: {
            __name__: 'ALERTS',
            alertname: 'ShiftUnderstaffed',
            alertstate: 'pending',
            role: 'pilot',
          },
          values: [[t + 10, '1']],
        },
        {
          metric: {
            __name__: 'ALERTS',
            alertname: 'ShiftUnderstaffed',
            alertstate: 'pending',
            role: 'mooring',
          },
          values: [
            [t, '1'],
            [t + 5, '1'],
            [t + 10, '1'],
          ],
        },
        {
          metric: {
            __name__: 'ALERTS',
            alertname: 'ShiftUnderstaffed',
            alertstate: 'firing',
            role: 'mooring',
          },
          values: [[t + 15, '1']],
        },
      ],
      5,
    );
    expect(
      episodes.map((e) => [e.alertname, e.labels.role, e.pending_seconds, e.fired, e.firing_seconds]),
    ).toEqual([
      ['ShiftUnderstaffed', 'mooring', 15, true, 5],
      ['ShiftUnderstaffed', 'pilot', 5, false, 0],
      ['Watchdog', undefined, 0, true, 10],
    ]);
    expect(episodes[0]?.first_firing_at).toBe(new Date((t + 15) * 1000).toISOString());
  });
});
