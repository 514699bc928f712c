import { describe, expect, it } from 'vitest';
import type { SilenceSpec } from '../silences/spec.ts';
import { realModel } from './model.ts';
import { silencesCheck } from './silences.ts';

const now = new Date('2026-12-06T09:00:00Z');
const valid: SilenceSpec = {
  name: 'berth-sensor-swap',
  matchers: [{ name: 'alertname', op: '=', value: 'BerthOccupancyHigh' }],
  owner: 'ana.ruiz',
  reason: 'berth 7 sensors replaced',
  ticket: 'OPS-1234',
  endsAt: '2026-12-08T18:00:00Z',
};
const problems = async (...silences: SilenceSpec[]) =>
  (await silencesCheck(realModel(), silences, () => now).run()).map((p) => `${p.where}: ${p.message}`);

describe('declared silences check', () => {
  it('accepts a current, short silence of a warning alert, and the repository as it is', async () => {
    expect(await problems(valid)).toEqual([]);
    expect(await silencesCheck(realModel()).run()).toEqual([]);
  });

  it('refuses a silence that has ended, and one that ends more than 14 days ahead', async () => {
    expect(await problems({ ...valid, endsAt: '2026-12-06T08:59:00Z' })).toEqual([
      expect.stringContaining('ended at 2026-12-06T08:59:00Z'),
    ]);
    expect(await problems({ ...valid, endsAt: '2026-12-21T09:00:00Z' })).toEqual([
      expect.stringContaining('more than 14 days ahead'),
    ]);
    expect(await problems({ ...valid, endsAt: '2026-12-08 18:00' })).toEqual([
      expect.stringContaining('an ISO 8601 time with its zone'),
    ]);
  });

  it('refuses one that matches no alert the rule files define', async () => {
    const renamed = {
      ...valid,
      matchers: [{ name: 'alertname', op: '=' as const, value: 'BerthOccupancyHgh' }],
    };
    expect(await problems(renamed)).toEqual([expect.stringContaining('matches no alert')]);
    // A label the rules fix, with a value none of them has.
    const noTeam = { ...valid, matchers: [{ name: 'team', op: '=' as const, value: 'nobody' }] };
    expect(await problems(noTeam)).toEqual([expect.stringContaining('matches no alert')]);
  });

  it('refuses one that can mute a critical page without saying why, and takes it with a reason', async () => {
    const aisFeed = { ...valid, matchers: [{ name: 'service', op: '=' as const, value: 'port' }] };
    expect(await problems(aisFeed)).toEqual([
      expect.stringMatching(/can mute critical pages \(AisFeedSilent\)/),
    ]);
    expect(
      await problems({ ...aisFeed, mutesCriticalBecause: 'the AIS receiver is being replaced' }),
    ).toEqual([]);
    // A matcher on a label only the series carries (instance) may match any alert: pages included.
    const oneHost = { ...valid, matchers: [{ name: 'instance', op: '=~' as const, value: 'db-1:.*' }] };
    expect(await problems(oneHost)).toEqual([expect.stringContaining('ApiDown')]);
    const notCritical = [...oneHost.matchers, { name: 'severity', op: '!=' as const, value: 'critical' }];
    expect(await problems({ ...oneHost, matchers: notCritical })).toEqual([]);
  });

  it('names missing fields, a bad name, a broken regular expression and a name used twice', async () => {
    expect(await problems({ ...valid, owner: ' ', name: 'Berth Swap' })).toEqual([
      'Berth Swap: name: lower-case words joined by dashes',
      expect.stringMatching(/^Berth Swap: owner: required/),
    ]);
    const broken = { ...valid, matchers: [{ name: 'alertname', op: '=~' as const, value: 'Berth(' }] };
    expect(await problems(broken)).toEqual([expect.stringContaining('not a valid regular expression')]);
    expect(await problems(valid, valid)).toEqual(['berth-sensor-swap: declared twice (names are unique)']);
  });
});
