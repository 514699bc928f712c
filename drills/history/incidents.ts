/**
 * The incidents placed in the generated 30-day history, as data: what happened, when (as an
 * offset from the history's start, so the list holds for any build), and which alerts are meant
 * to catch it within what bound (and which others it rightly sets off). A backtest replays the alerts over the history and checks each
 * incident against `alerts` and `detectWithinS`, and that nothing fires outside them.
 */
export type IncidentKind =
  | 'api-outage'
  | 'error-burst'
  | 'slow-week'
  | 'ais-silence'
  | 'stalled-cargo'
  | 'understaffed-shift'
  | 'node-lost';

export interface Incident {
  name: string;
  kind: IncidentKind;
  /** Seconds from the history's start. */
  startOffsetS: number;
  durationS: number;
  /** Alerts meant to catch it (any one of them firing counts as caught). */
  alerts: readonly string[];
  /** Longest acceptable time from the incident's start to the first of `alerts` firing. */
  detectWithinS: number;
  /** Other alerts the incident rightly sets off (a consequence, not noise) while it lasts. */
  alsoFires?: readonly string[];
  what: string;
}

export interface PlacedIncident extends Omit<Incident, 'startOffsetS' | 'durationS'> {
  /** Unix seconds. */
  start: number;
  end: number;
}

const minute = 60;
const hour = 3600;
const day = 86_400;

export const incidents: readonly Incident[] = [
  {
    name: 'api-outage',
    kind: 'api-outage',
    startOffsetS: 4 * day + 14 * hour + 10 * minute,
    durationS: 25 * minute,
    alerts: ['ApiDown'],
    detectWithinS: 3 * minute,
    alsoFires: ['SyntheticJourneyFailing'],
    what: 'every API replica down: its scrapes fail (up 0) and its series go stale',
  },
  {
    name: 'error-burst',
    kind: 'error-burst',
    startOffsetS: 9 * day + 10 * hour + 30 * minute,
    durationS: 40 * minute,
    alerts: ['ApiHighErrorRate', 'ApiAvailabilityBudgetFastBurn'],
    detectWithinS: 10 * minute,
    // A fifth of requests failing for 40 minutes spends more than 3x the budget over 2 h too.
    alsoFires: ['ApiAvailabilityBudgetSlowBurn'],
    what: 'a fifth of the API requests answer 500',
  },
  {
    name: 'slow-week',
    kind: 'slow-week',
    startOffsetS: 13 * day,
    durationS: 7 * day,
    alerts: ['ApiLatencyBudgetSlowBurn'],
    // The slow tail burns the latency budget at about 1.2x: the alert's 1 d / 2 h pair wants 3x,
    // so its 3 d / 6 h pair (1x) is the one meant to catch it, by design after about 3 d / 1.2.
    detectWithinS: 3 * day,
    what: 'a week of slow reads: a share of requests take 0.3-1 s instead of tens of ms',
  },
  {
    name: 'node-lost',
    kind: 'node-lost',
    startOffsetS: 11 * day + 2 * hour + 15 * minute,
    durationS: 30 * minute,
    alerts: ['NodeMissing'],
    // The alert's minute after the node's series end, plus their 5-minute lookback: series
    // written from a model carry no staleness markers (a live Prometheus writes them when a target
    // leaves discovery, so it fires after about a minute and a half, tests/swarm/multi-node).
    detectWithinS: 10 * minute,
    what: 'one of the three Swarm nodes lost: its node-exporter task leaves tasks.node-exporter, so its target and every series of it vanish (no up 0)',
  },
  {
    name: 'ais-silence',
    kind: 'ais-silence',
    startOffsetS: 22 * day + 3 * hour,
    durationS: 50 * minute,
    alerts: ['AisFeedSilent'],
    detectWithinS: 15 * minute,
    what: 'no vessel reports its position; the newest position grows old',
  },
  {
    name: 'stalled-cargo',
    kind: 'stalled-cargo',
    startOffsetS: 25 * day + 8 * hour,
    durationS: 2 * hour,
    alerts: ['CargoOperationStalled'],
    detectWithinS: 40 * minute,
    what: 'one cargo operation stops making progress for two hours',
  },
  {
    name: 'understaffed-shift',
    kind: 'understaffed-shift',
    startOffsetS: 27 * day + 22 * hour,
    durationS: 8 * hour,
    alerts: ['ShiftUnderstaffed'],
    detectWithinS: 20 * minute,
    what: 'a shift rostered a pilot short',
  },
];

/** The incidents at absolute times for a history starting at `historyStart` (Unix seconds). */
export function placeIncidents(
  historyStart: number,
  list: readonly Incident[] = incidents,
): PlacedIncident[] {
  return list.map(({ startOffsetS, durationS, ...rest }) => ({
    ...rest,
    start: historyStart + startOffsetS,
    end: historyStart + startOffsetS + durationS,
  }));
}

/** The kinds of incident under way at `t` (Unix seconds). */
export function activeKinds(placed: readonly PlacedIncident[], t: number): Set<IncidentKind> {
  const active = new Set<IncidentKind>();
  for (const i of placed) if (t >= i.start && t < i.end) active.add(i.kind);
  return active;
}
