import { describe, expect, it } from 'vitest';
import { combinedEffects, parseScenarios, scenarioNames, scenarios } from './scenarios.ts';

describe('fault scenarios', () => {
  it('parses a comma-separated list and names the choices when one is unknown', () => {
    expect(parseScenarios(undefined)).toEqual([]);
    expect(parseScenarios(' ais-silence, stalled-cargo,ais-silence ')).toEqual([
      'ais-silence',
      'stalled-cargo',
    ]);
    expect(() => parseScenarios('ais-silence,fire')).toThrow(
      /unknown scenario fire: expected any of understaffed-shift/,
    );
  });

  it('adds up: none is a well-run port, several combine their effects', () => {
    expect(combinedEffects([])).toEqual({
      settings: {},
      shortRosters: false,
      silentAis: false,
      apiErrorRate: 0,
    });
    expect(combinedEffects(['understaffed-shift', 'api-errors', 'berth-congestion'])).toEqual({
      settings: { maxBerthOccupancy: 1, departPerMinute: 0 },
      shortRosters: true,
      silentAis: false,
      apiErrorRate: 0.2,
    });
  });

  it('names the alert each scenario is meant to raise', () => {
    expect(scenarioNames.map((n) => scenarios[n].alert)).toEqual([
      'ShiftUnderstaffed',
      'BerthOccupancyHigh',
      'CargoOperationStalled',
      'AisFeedSilent',
      'ApiHighErrorRate',
      'RouteClosedWithVesselsScheduled',
    ]);
  });
});
