import { describe, expect, it } from 'vitest';
import { incidents, placeIncidents, type Incident } from './incidents.ts';
import { gapS, longestS, shortDay, shortDayStart, warmUpS } from './short-day.ts';

const hour = 3600;

describe('the short day npm run validate backtests on', () => {
  const day = shortDay();

  it('holds every standard incident that can be judged within a day, unchanged but for its start', () => {
    expect(day.leftOut.map((l) => l.incident.name)).toEqual(['slow-week']);
    expect(day.leftOut[0]?.why).toMatch(/lasts 7 d and may be caught up to 3 d in/);
    for (const placed of day.incidents) {
      const { startOffsetS: _a, ...standard } = incidents.find((i) => i.name === placed.name) as Incident;
      const { startOffsetS: _b, ...rest } = placed;
      expect(rest).toEqual(standard);
    }
    expect(day.incidents.length + day.leftOut.length).toBe(incidents.length);
  });

  it('places them one after another from a fixed start, an hour apart, and lasts less than a day', () => {
    const placed = placeIncidents(day.start, day.incidents);
    expect(day.start).toBe(shortDayStart);
    expect(new Date(day.start * 1000).getUTCDay()).toBe(3); // a Wednesday
    expect(placed[0]?.start).toBe(day.start + warmUpS);
    for (let k = 1; k < placed.length; k++) expect(placed[k]?.start).toBe((placed[k - 1]?.end ?? 0) + gapS);
    expect(day.end).toBe((placed.at(-1)?.end ?? 0) + gapS);
    expect(day.days).toBeLessThan(1);
    expect(day.days * 86_400).toBe(day.end - day.start);
  });

  it('leaves out an incident too long to place or to catch within the day, whatever the list', () => {
    const quick: Incident = { ...(incidents[0] as Incident), name: 'quick', durationS: hour };
    const slowToCatch: Incident = { ...quick, name: 'slow-to-catch', detectWithinS: longestS + 60 };
    const tooLong: Incident = { ...quick, name: 'too-long', durationS: longestS + 60 };
    const d = shortDay([tooLong, quick, slowToCatch]);
    expect(d.incidents.map((i) => i.name)).toEqual(['quick']);
    expect(d.leftOut.map((l) => l.incident.name)).toEqual(['too-long', 'slow-to-catch']);
  });
});
