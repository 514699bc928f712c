import { shiftRequirements, type StaffRole } from '../../api/seed/staff.ts';
import { activeKinds, type PlacedIncident } from './incidents.ts';
import { diurnal, jitter, wave, weekly } from './shape.ts';

/**
 * The port and its platform at one instant, computed once per timestamp and read by every
 * series (series/*.ts). Rates are per second. The numbers follow the simulator's well-run port
 * (api/simulator: full rosters, cargo that keeps moving, every vessel reporting) scaled to a busy
 * port, and bend where a placed incident is under way.
 */
export interface Moment {
  t: number;
  /** Diurnal x weekly traffic factor, 0.2-1. */
  load: number;
  apiUp: boolean;
  /** A Swarm node is lost: its node-exporter is gone from the targets (series/third-party.ts). */
  nodeLost: boolean;
  /** API requests per second over all replicas. */
  requestRate: number;
  /** Share of requests answering 5xx. */
  errorShare: number;
  /** Share of requests in the slow tail (hundreds of ms). */
  slowShare: number;
  vesselsInPort: number;
  anchorageQueue: number;
  anchorageLongestWaitS: number;
  berthOccupancy: number;
  /** Port calls arriving (and departing) per second. */
  arrivalRate: number;
  /** AIS position reports stored per second. */
  positionRate: number;
  newestPositionAgeS: number;
  cargoInProgress: number;
  cargoStalled: number;
  cargoStalledOldestAgeS: number;
  /** Cargo operations completed per second. */
  cargoCompletionRate: number;
  /** Role rostered a person short, if any. */
  shortRole: StaffRole | null;
  required: Record<StaffRole, number>;
  /** Deterministic jitter in [-1, 1) for stream `k` at this instant. */
  jitter(k: number): number;
}

const day = 86_400;

export function momentAt(t: number, placed: readonly PlacedIncident[]): Moment {
  const active = activeKinds(placed, t);
  const load = diurnal(t) * weekly(t);
  const vessels = wave(t, 45, 80, 3.3 * day) + 10 * load;
  const start = (kind: string) =>
    placed.find((i) => i.kind === kind && t >= i.start && t < i.end)?.start ?? t;
  const silent = active.has('ais-silence');
  const stalled = active.has('stalled-cargo');
  return {
    t,
    load,
    apiUp: !active.has('api-outage'),
    nodeLost: active.has('node-lost'),
    requestRate: 60 * load * (1 + 0.05 * jitter(t, 1)),
    errorShare: active.has('error-burst') ? 0.2 : 0.0004,
    slowShare: active.has('slow-week') ? 0.08 : 0.004,
    vesselsInPort: vessels,
    anchorageQueue: Math.max(0, Math.round(wave(t, -2, 7, 1.7 * day, 0.3))),
    anchorageLongestWaitS: wave(t, 600, 4 * 3600, 1.7 * day, 0.3),
    berthOccupancy: Math.min(0.9, wave(t, 0.45, 0.85, 3.3 * day)),
    arrivalRate: (vessels / (2.5 * day)) * (0.6 + 0.4 * load),
    positionRate: silent ? 0 : (vessels * 1.2) / 10,
    newestPositionAgeS: silent ? t - start('ais-silence') + 5 : 2 + 3 * Math.abs(jitter(t, 2)),
    cargoInProgress: Math.round(vessels * 0.35 * (0.7 + 0.3 * load)),
    cargoStalled: stalled ? 1 : 0,
    cargoStalledOldestAgeS: stalled ? t - start('stalled-cargo') : 0,
    cargoCompletionRate: (vessels * 0.9) / day,
    shortRole: active.has('understaffed-shift') ? 'pilot' : null,
    required: shiftRequirements,
    jitter: (k) => jitter(t, k),
  };
}
