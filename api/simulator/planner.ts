import { cargoWorkFor, type CargoWork } from '../seed/cargo.ts';
import { callingTypes } from '../seed/fleet.ts';
import type { Random } from '../seed/random.ts';
import type { Voyage } from './voyages.ts';
import type { Berth, CargoOperation, PortCall, Route, Vessel, World } from './world.ts';

export type Action =
  | { kind: 'start-approach'; call: PortCall }
  | { kind: 'arrive'; call: PortCall }
  | { kind: 'berth'; call: PortCall; berth: Berth; cargo: CargoWork[] }
  | { kind: 'depart'; call: PortCall }
  | { kind: 'cancel'; call: PortCall }
  | { kind: 'new-call'; vessel: Vessel; eta: Date; entryRouteId: number; exitRouteId: number }
  | { kind: 'progress'; op: CargoOperation; delta: number }
  | { kind: 'stall'; op: CargoOperation }
  | { kind: 'route-status'; route: Route; status: Route['status'] };

/**
 * How lively the port is. Rates are per minute of real time and scaled to the time since the
 * last tick, so the port moves at the same pace whatever the tick interval.
 */
export interface PlannerSettings {
  /** Keep at least this many calls expected. */
  targetExpected: number;
  /** Approaches under way at once, at most. */
  maxApproaches: number;
  /** Start approaches ahead of their ETA only while fewer vessels than this wait at anchorage. */
  maxAnchorage: number;
  /** Start an approach this long before the ETA, at the latest. */
  approachLeadMs: number;
  /** A vessel waits at least this long at anchorage before berthing. */
  minAnchorageMs: number;
  /** A vessel stays berthed at least this long. */
  minBerthedMs: number;
  /** Chance per minute that the next waiting vessel is berthed, once a berth that fits is free. */
  berthPerMinute: number;
  /** Berth vessels only while at most this share of the berths is taken (a harbour master's reserve). */
  maxBerthOccupancy: number;
  /** Chance per minute that a berthed vessel whose cargo work is over departs. */
  departPerMinute: number;
  cancelPerMinute: number;
  /** Chance per minute that one operation in progress stalls. */
  stallPerMinute: number;
  /** Chance per minute that a stalled operation resumes. */
  resumePerMinute: number;
  /** Chance per minute that a secondary channel (direction both, not the anchorage link) opens or closes. */
  routeTogglePerMinute: number;
  /** Share of an operation's quantity handled per minute: [min, max]. */
  progressSharePerMinute: readonly [number, number];
}

export const defaultPlannerSettings: PlannerSettings = {
  targetExpected: 10,
  maxApproaches: 3,
  maxAnchorage: 6,
  approachLeadMs: 10 * 60_000,
  minAnchorageMs: 2 * 60_000,
  minBerthedMs: 2 * 60_000,
  berthPerMinute: 0.9,
  // 10 of the demo port's 12 berths: occupancy stays under BerthOccupancyHigh's 90 %.
  maxBerthOccupancy: 0.85,
  departPerMinute: 0.8,
  cancelPerMinute: 0.05,
  // A well-run port: nothing stalls, channels stay as they are (scenarios.ts switches faults on).
  stallPerMinute: 0,
  // A stall (the demo port starts with one) is dealt with within a minute or two.
  resumePerMinute: 0.9,
  routeTogglePerMinute: 0,
  progressSharePerMinute: [0.04, 0.16],
};

/** The chance that something with this rate per minute happens within `elapsedMs`. */
export function chanceWithin(perMinute: number, elapsedMs: number): number {
  if (perMinute >= 1) return 1;
  return 1 - (1 - Math.max(0, perMinute)) ** (Math.max(0, elapsedMs) / 60_000);
}

export interface PlanInput {
  world: World;
  now: Date;
  random: Random;
  /** Voyages under way, by vessel id. */
  voyages: ReadonlyMap<number, Voyage>;
  /** Calls whose approach reached the anchorage. */
  approachesDone: ReadonlySet<number>;
  /** Keep this many of the longest-waiting vessels at anchorage (drills). */
  holdAtAnchorage: number;
  /** Real time since the previous tick. */
  elapsedMs: number;
  settings?: PlannerSettings;
}

const time = (iso: string | null) => (iso ? new Date(iso).getTime() : NaN);

/** The longest-waiting calls at anchorage, held there by the drill hook. */
export function heldCalls(world: World, hold: number): PortCall[] {
  return world.calls
    .filter((c) => c.status === 'at_anchorage')
    .sort((a, b) => time(a.arrived_at) - time(b.arrived_at) || a.id - b.id)
    .slice(0, hold);
}

/** The smallest free berth that takes the vessel. */
export function freeBerthFor(world: World, vessel: Vessel, taken: ReadonlySet<number>): Berth | undefined {
  return world.berths
    .filter((b) => !taken.has(b.id) && b.max_length_m >= vessel.length_m)
    .sort((a, b) => a.max_length_m - b.max_length_m || a.id - b.id)[0];
}

const openRoutes = (routes: Route[], direction: 'entry' | 'exit') =>
  routes.filter(
    (r) =>
      r.status === 'open' &&
      (r.direction === direction || r.direction === 'both') &&
      !r.code.startsWith('ANC'),
  );

/**
 * Decides this tick's moves from what the API says the port looks like. Pure: the same
 * input (random source included) gives the same actions.
 */
export function planTick(input: PlanInput): Action[] {
  const { world, now, random, voyages } = input;
  const s = input.settings ?? defaultPlannerSettings;
  const t = now.getTime();
  const actions: Action[] = [];
  const happens = (perMinute: number) => random.chance(chanceWithin(perMinute, input.elapsedMs));
  const vessels = new Map(world.vessels.map((v) => [v.id, v]));
  const byStatus = (status: PortCall['status']) => world.calls.filter((c) => c.status === status);
  const approaching = new Set(
    [...voyages.values()].filter((v) => v.kind === 'approach').map((v) => v.callId),
  );

  // Arrivals: approaches that reached the anchorage, plus direct arrivals to fill a drill's hold.
  const expected = byStatus('expected').sort((a, b) => time(a.eta) - time(b.eta) || a.id - b.id);
  const arriving = new Set<number>();
  for (const call of expected) if (input.approachesDone.has(call.id)) arriving.add(call.id);
  const anchored = byStatus('at_anchorage').length;
  for (const call of expected) {
    if (anchored + arriving.size >= input.holdAtAnchorage) break;
    arriving.add(call.id);
  }
  for (const call of expected) if (arriving.has(call.id)) actions.push({ kind: 'arrive', call });

  // Approaches: due ones, and the next ones in line while few are under way and the anchorage has room.
  let underWay = approaching.size;
  const early = anchored + arriving.size < s.maxAnchorage;
  for (const call of expected) {
    if (arriving.has(call.id) || approaching.has(call.id)) continue;
    const due = time(call.eta) - s.approachLeadMs <= t;
    if (!due && (underWay >= s.maxApproaches || !early)) break;
    actions.push({ kind: 'start-approach', call });
    underWay++;
  }

  // Berthing: one per tick, never the held vessels, into the smallest free berth that fits.
  const taken = new Set(byStatus('berthed').flatMap((c) => (c.berth_id === null ? [] : [c.berth_id])));
  const held = new Set(heldCalls(world, input.holdAtAnchorage).map((c) => c.id));
  const berthRoom = Math.floor(world.berths.length * s.maxBerthOccupancy + 1e-9) - taken.size;
  if (berthRoom > 0 && happens(s.berthPerMinute)) {
    const waiting = byStatus('at_anchorage')
      .filter((c) => !held.has(c.id) && t - time(c.arrived_at) >= s.minAnchorageMs)
      .sort((a, b) => time(a.arrived_at) - time(b.arrived_at) || a.id - b.id);
    for (const call of waiting) {
      const vessel = vessels.get(call.vessel_id);
      const berth = vessel && freeBerthFor(world, vessel, taken);
      if (!vessel || !berth) continue;
      actions.push({
        kind: 'berth',
        call,
        berth,
        cargo: cargoWorkFor(vessel.type, vessel.gross_tonnage, random),
      });
      break;
    }
  }

  // Departures: one per tick, once the cargo work is over.
  const working = new Set(world.cargo.map((op) => op.port_call_id));
  if (happens(s.departPerMinute)) {
    const done = byStatus('berthed').filter(
      (c) => !working.has(c.id) && t - time(c.berthed_at) >= s.minBerthedMs && !voyages.has(c.vessel_id),
    );
    if (done.length) actions.push({ kind: 'depart', call: random.pick(done) });
  }

  // Now and then a call is cancelled before the vessel shows up.
  const cancellable = expected.filter((c) => !arriving.has(c.id) && !approaching.has(c.id));
  if (cancellable.length && happens(s.cancelPerMinute))
    actions.push({ kind: 'cancel', call: cancellable.at(-1) as PortCall });

  // New expected calls for idle vessels keep the schedule full.
  if (expected.length < s.targetExpected) {
    const busy = new Set([...world.calls.map((c) => c.vessel_id), ...voyages.keys()]);
    const idle = world.vessels.filter(
      (v) => v.status === 'active' && callingTypes.includes(v.type) && !busy.has(v.id),
    );
    const entry = openRoutes(world.routes, 'entry');
    const exit = openRoutes(world.routes, 'exit');
    if (idle.length && entry.length && exit.length)
      actions.push({
        kind: 'new-call',
        vessel: random.pick(idle),
        eta: new Date(t + random.float(2, 8 * 60) * 60_000),
        entryRouteId: random.pick(entry).id,
        exitRouteId: random.pick(exit).id,
      });
  }

  // Now and then a secondary channel closes (weather, dredging) or reopens.
  const channels = world.routes.filter((r) => r.direction === 'both' && !r.code.startsWith('ANC'));
  if (channels.length && happens(s.routeTogglePerMinute)) {
    const route = random.pick(channels);
    actions.push({ kind: 'route-status', route, status: route.status === 'open' ? 'closed' : 'open' });
  }

  // Cargo: progress on berthed calls, with the odd stall and recovery.
  const berthed = new Set(byStatus('berthed').map((c) => c.id));
  for (const op of world.cargo) {
    if (!berthed.has(op.port_call_id)) continue;
    const remaining = Math.round((op.quantity - op.quantity_done) * 100) / 100;
    if (remaining <= 0) continue;
    if (op.status === 'stalled' && !happens(s.resumePerMinute)) continue;
    if (op.status === 'in_progress' && happens(s.stallPerMinute)) {
      actions.push({ kind: 'stall', op });
      continue;
    }
    const share =
      random.float(s.progressSharePerMinute[0], s.progressSharePerMinute[1]) * (input.elapsedMs / 60_000);
    const delta = Math.min(remaining, Math.max(1, Math.round(op.quantity * share)));
    actions.push({ kind: 'progress', op, delta });
  }
  return actions;
}
