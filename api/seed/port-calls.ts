import { callingTypes, type VesselSeed } from './fleet.ts';
import { berthSites, routeSites } from './port-geography.ts';
import type { Random } from './random.ts';

export type CallStatus = 'expected' | 'at_anchorage' | 'berthed' | 'departed' | 'cancelled';
export type CallEventType = 'arrived' | 'berthed' | 'departed' | 'cancelled';

export interface CallEventSeed {
  type: CallEventType;
  at: Date;
  berth: number | null;
  route: number | null;
}

/** A port call; vessel, berth and route are indexes into the fleet, berthSites and routeSites. */
export interface PortCallSeed {
  vessel: number;
  status: CallStatus;
  eta: Date;
  berth: number | null;
  entryRoute: number;
  exitRoute: number;
  arrivedAt: Date | null;
  berthedAt: Date | null;
  departedAt: Date | null;
  cancelledAt: Date | null;
}

const hour = 3_600_000;
const historyHours = 72;

const routesWhere = (direction: 'entry' | 'exit') =>
  routeSites.flatMap((r, i) => (r.status === 'open' && r.direction === direction ? [i] : []));
export const entryRoutes = routesWhere('entry');
export const exitRoutes = routesWhere('exit');

/** A port call as first planned: its routes drawn, no berth and no moment of its life yet. */
export const newCall = (random: Random, vessel: number, status: CallStatus, eta: number): PortCallSeed => ({
  vessel,
  status,
  eta: new Date(eta),
  berth: null,
  entryRoute: random.pick(entryRoutes),
  exitRoute: random.pick(exitRoutes),
  arrivedAt: null,
  berthedAt: null,
  departedAt: null,
  cancelledAt: null,
});

/**
 * Plans the port's traffic around `now`: each berth's current occupant (most berths, not all,
 * so vessels can be berthed) and the calls that used it over the last three days, vessels
 * waiting at anchorage, expected arrivals and a few cancellations. Every call has its own
 * vessel, so no vessel has two open calls and berth histories never overlap.
 */
export function planPortCalls(random: Random, fleet: readonly VesselSeed[], now: Date): PortCallSeed[] {
  const t = now.getTime();
  const pool = random.shuffle(
    fleet.flatMap((v, i) => (v.status === 'active' && callingTypes.includes(v.type) ? [i] : [])),
  );
  const take = (fits: (v: VesselSeed) => boolean): number | undefined => {
    const at = pool.findIndex((i) => fits(fleet[i] as VesselSeed));
    return at < 0 ? undefined : pool.splice(at, 1)[0];
  };
  const takeForBerth = (maxLengthM: number) =>
    take((v) => v.lengthM <= maxLengthM && v.lengthM >= maxLengthM * 0.5) ??
    take((v) => v.lengthM <= maxLengthM);
  const base = (vessel: number, status: CallStatus, eta: number) => newCall(random, vessel, status, eta);
  const calls: PortCallSeed[] = [];

  // Berths: three stay free so the simulator always has somewhere to berth the next vessel.
  const occupied = new Set(random.shuffle(berthSites.map((_, i) => i)).slice(0, berthSites.length - 3));
  berthSites.forEach((site, berth) => {
    let cursor = t - random.float(1, 8) * hour;
    if (occupied.has(berth)) {
      const vessel = takeForBerth(site.maxLengthM);
      if (vessel !== undefined) {
        const berthedAt = t - random.float(1, 30) * hour;
        const arrivedAt = berthedAt - random.float(0.5, 6) * hour;
        calls.push({
          ...base(vessel, 'berthed', arrivedAt - random.float(-1, 1) * hour),
          berth,
          arrivedAt: new Date(arrivedAt),
          berthedAt: new Date(berthedAt),
        });
        cursor = berthedAt;
      }
    }
    for (;;) {
      const departedAt = cursor - random.float(1, 6) * hour;
      if (departedAt < t - historyHours * hour) break;
      const vessel = takeForBerth(site.maxLengthM);
      if (vessel === undefined) break;
      const berthedAt = departedAt - random.float(10, 40) * hour;
      const arrivedAt = berthedAt - random.float(0.3, 8) * hour;
      calls.push({
        ...base(vessel, 'departed', arrivedAt - random.float(-2, 2) * hour),
        berth,
        arrivedAt: new Date(arrivedAt),
        berthedAt: new Date(berthedAt),
        departedAt: new Date(departedAt),
      });
      cursor = berthedAt;
    }
  });

  // Waiting at anchorage, from a few minutes to most of a working day.
  for (const waitHours of [0.2, 0.7, 1.4, 2.3, 3.1, 4.5, 6.5]) {
    const vessel = take(() => true);
    if (vessel === undefined) break;
    const arrivedAt = t - waitHours * random.float(0.9, 1.1) * hour;
    calls.push({ ...base(vessel, 'at_anchorage', arrivedAt - hour), arrivedAt: new Date(arrivedAt) });
  }

  // Expected over the next two days, a few within the next hours (already on their approach).
  for (const etaHours of [0.5, 1.2, 2, 3.5, 5, 7, 9, 12, 16, 20, 26, 31, 38, 45]) {
    const vessel = take(() => true);
    if (vessel === undefined) break;
    calls.push(base(vessel, 'expected', t + etaHours * random.float(0.9, 1.1) * hour));
  }

  // Cancelled: two before arriving, one after waiting at anchorage.
  for (const fromAnchorage of [false, false, true]) {
    const vessel = take(() => true);
    if (vessel === undefined) break;
    const cancelledAt = t - random.float(2, 40) * hour;
    const call = base(vessel, 'cancelled', cancelledAt + random.float(2, 24) * hour);
    if (fromAnchorage) {
      call.arrivedAt = new Date(cancelledAt - random.float(3, 10) * hour);
      call.eta = new Date(call.arrivedAt.getTime() - random.float(0, 2) * hour);
    }
    calls.push({ ...call, cancelledAt: new Date(cancelledAt) });
  }
  return calls;
}

/** The event history a call's timestamps imply, oldest first. */
export function eventsOf(call: PortCallSeed): CallEventSeed[] {
  const events: CallEventSeed[] = [];
  if (call.arrivedAt)
    events.push({ type: 'arrived', at: call.arrivedAt, berth: null, route: call.entryRoute });
  if (call.berthedAt) events.push({ type: 'berthed', at: call.berthedAt, berth: call.berth, route: null });
  if (call.departedAt)
    events.push({ type: 'departed', at: call.departedAt, berth: call.berth, route: call.exitRoute });
  if (call.cancelledAt) events.push({ type: 'cancelled', at: call.cancelledAt, berth: null, route: null });
  return events;
}

/** When the call last changed. */
export const lastChange = (call: PortCallSeed): Date =>
  call.cancelledAt ??
  call.departedAt ??
  call.berthedAt ??
  call.arrivedAt ??
  new Date(call.eta.getTime() - 48 * hour);
