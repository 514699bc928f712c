import { describe, expect, it } from 'vitest';
import type { PlacedIncident } from '../incidents.ts';
import { afterIncidentS, judgeBacktest } from './judge.ts';

const incident: PlacedIncident = {
  name: 'outage',
  kind: 'api-outage',
  what: 'test',
  alerts: ['ApiDown'],
  alsoFires: ['SyntheticJourneyFailing'],
  detectWithinS: 180,
  start: 10_000,
  end: 11_500,
};
const labels = { job: 'porttrack-api' };

describe('judgeBacktest', () => {
  it('catches an incident whose alert fires within the bound, with its delay', () => {
    const v = judgeBacktest(
      [{ alert: 'ApiDown', firings: [{ labels, start: 10_060, end: 11_560 }] }],
      [incident],
    );
    expect(v.detections[0]?.caughtBy).toEqual({ alert: 'ApiDown', start: 10_060, delayS: 60 });
    expect(v.missedIncidents).toEqual([]);
    expect(v.falseFirings).toEqual([]);
  });

  it('misses an incident caught too late or not at all, saying when it fired if it did', () => {
    const late = judgeBacktest(
      [{ alert: 'ApiDown', firings: [{ labels, start: 10_240, end: 11_560 }] }],
      [incident],
    );
    expect(late.missedIncidents).toEqual(['outage']);
    expect(late.detections[0]?.late?.delayS).toBe(240);
    expect(judgeBacktest([], [incident]).missedIncidents).toEqual(['outage']);
  });

  it('flags firings outside the incidents, and unrelated alerts during them; not what they rightly set off', () => {
    const v = judgeBacktest(
      [
        {
          alert: 'ApiDown',
          firings: [
            { labels, start: 10_060, end: 11_560 },
            { labels, start: 50_000, end: 50_060 },
          ],
        },
        { alert: 'SyntheticJourneyFailing', firings: [{ labels, start: 10_120, end: 11_560 }] },
        { alert: 'NodeHighCpu', firings: [{ labels, start: 10_300, end: 10_600 }] },
        { alert: 'ApiHighErrorRate', firings: [{ labels, start: 11_500 + afterIncidentS, end: null }] },
        { alert: 'Watchdog', heartbeat: true, firings: [{ labels: {}, start: 0, end: null }] },
      ],
      [incident],
    );
    expect(v.falseFirings.map((f) => [f.alert, f.start])).toEqual([
      ['NodeHighCpu', 10_300],
      ['ApiHighErrorRate', 11_500 + afterIncidentS],
      ['ApiDown', 50_000],
    ]);
  });
});
