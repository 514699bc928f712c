import type { PlannerSettings } from './planner.ts';

/**
 * Named faults a drill or a curious user switches on explicitly. Without any, the simulator
 * models a well-run port: full rosters, a berth kept free, cargo that keeps moving, every
 * vessel reporting, channels that stay as they are. Each scenario is what its alert watches for.
 */
export const scenarioNames = [
  'understaffed-shift',
  'berth-congestion',
  'stalled-cargo',
  'ais-silence',
  'api-errors',
  'channel-closure',
] as const;

export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioEffects {
  /** Planner settings this scenario overrides. */
  settings: Partial<PlannerSettings>;
  /** Rosters leave one role a person short, and the current shift is not topped up. */
  shortRosters?: boolean;
  /** No position reports at all. */
  silentAis?: boolean;
  /** Share of API requests that answer 500 (the API's /internal/faults, development only). */
  apiErrorRate?: number;
}

export const scenarios: Record<ScenarioName, { alert: string; what: string; effects: ScenarioEffects }> = {
  'understaffed-shift': {
    alert: 'ShiftUnderstaffed',
    what: 'rosters leave one role (rotating) a person short; the current shift is not topped up',
    effects: { settings: {}, shortRosters: true },
  },
  'berth-congestion': {
    alert: 'BerthOccupancyHigh',
    what: 'every berth is filled and vessels stay after their cargo work',
    effects: { settings: { maxBerthOccupancy: 1, departPerMinute: 0 } },
  },
  'stalled-cargo': {
    alert: 'CargoOperationStalled',
    what: 'cargo operations under way stall within a minute and never resume',
    effects: { settings: { stallPerMinute: 1, resumePerMinute: 0 } },
  },
  'ais-silence': {
    alert: 'AisFeedSilent',
    what: 'no vessel reports its position',
    effects: { settings: {}, silentAis: true },
  },
  'api-errors': {
    alert: 'ApiHighErrorRate',
    what: "a fifth of the API's requests answer 500 (its fault injection)",
    effects: { settings: {}, apiErrorRate: 0.2 },
  },
  'channel-closure': {
    alert: 'RouteClosedWithVesselsScheduled',
    what: 'the secondary channel opens and closes about every half hour, with vessels scheduled on it',
    effects: { settings: { routeTogglePerMinute: 0.03 } },
  },
};

/** Scenario names from a comma-separated list (SIMULATOR_SCENARIOS); unknown names are an error. */
export function parseScenarios(list: string | undefined): ScenarioName[] {
  const names = (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(scenarioNames as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(', ')}: expected any of ${scenarioNames.join(', ')}`);
  return [...new Set(names)] as ScenarioName[];
}

/** What the active scenarios add up to. */
export function combinedEffects(active: Iterable<ScenarioName>): Required<ScenarioEffects> {
  const out: Required<ScenarioEffects> = {
    settings: {},
    shortRosters: false,
    silentAis: false,
    apiErrorRate: 0,
  };
  for (const name of active) {
    const e = scenarios[name].effects;
    Object.assign(out.settings, e.settings);
    out.shortRosters ||= Boolean(e.shortRosters);
    out.silentAis ||= Boolean(e.silentAis);
    out.apiErrorRate = Math.max(out.apiErrorRate, e.apiErrorRate ?? 0);
  }
  return out;
}
