import { planAssignments } from '../../../api/seed/assignments.ts';
import { cargoWorkFor, type CargoOperationSeed } from '../../../api/seed/cargo.ts';
import { callingTypes, generateFleet } from '../../../api/seed/fleet.ts';
import { offsetM, type LonLat } from '../../../api/seed/geo.ts';
import { newCall, type PortCallSeed } from '../../../api/seed/port-calls.ts';
import { berthSites, type BerthSite } from '../../../api/seed/port-geography.ts';
import { anchorageSpot } from '../../../api/seed/positions.ts';
import { createRandom, type Random } from '../../../api/seed/random.ts';
import { rosterShifts } from '../../../api/seed/shifts.ts';
import { generateStaff, shiftAt, type ShiftWindow, type StaffRole } from '../../../api/seed/staff.ts';
import type { PortPlan } from '../../../api/seed/write-port.ts';
import type { PlacedIncident } from '../incidents.ts';
import { momentAt } from '../moment.ts';

/**
 * The port behind the 30-day history, as the database holds it: the same model the Prometheus
 * series are computed from (moment.ts) drives the traffic. Vessels arrive at the model's
 * arrival rate, wait at anchorage, berth where a berth of their length is free, work their cargo
 * (the demo seed's work per vessel type, progress every 20 minutes as the simulator reports it)
 * and leave; shifts are rostered every 8 hours. The placed incidents with a database side bend
 * it: the stalled cargo operation gets no progress through its window, the understaffed shift is
 * rostered a pilot short. (The silent AIS feed is a gap in the positions: tracks.ts.)
 */
export interface HistoryPort extends PortPlan {
  berths: BerthSite[];
  /** Per call (same index as `calls`), where its vessel waits at anchorage. */
  anchorageSpots: LonLat[];
  /** Unix seconds. */
  start: number;
  end: number;
}

export interface HistoryPortOptions {
  /** Unix seconds. */
  start: number;
  end: number;
  placed: readonly PlacedIncident[];
  /** Fleet size (default 600). */
  vessels?: number;
  seed?: number;
}

const hour = 3_600_000;
const day = 24 * hour;
/** A busy port: each of the demo port's quays holds this many berths side by side. */
const berthsPerQuay = 8;
/** Traffic starts this long before the history, so the port is already full at its start. */
const warmUpMs = 5 * day;
/** Expected calls are planned this far past the history's end. */
const lookAheadMs = 2 * day;
/** Cargo progress reports this often: under the exporters' 30-minute stall threshold. */
export const progressEveryMs = 20 * 60_000;
/** Stalled once this long without progress (the exporters' EXPORTER_CARGO_STALL_SECONDS default). */
export const stallMs = 30 * 60_000;

/** The demo port's quays, each split into berths along the quay (80 m apart). */
export function busyPortBerths(): BerthSite[] {
  return berthSites.flatMap((site) =>
    Array.from({ length: berthsPerQuay }, (_, k) => {
      const along = (k - (berthsPerQuay - 1) / 2) * 80;
      const rad = (site.heading * Math.PI) / 180;
      const position = offsetM(site.position, along * Math.sin(rad), along * Math.cos(rad));
      return { ...site, code: `${site.code}/${k + 1}`, name: `${site.name} (${k + 1})`, position };
    }),
  );
}

export function planHistoryPort(options: HistoryPortOptions): HistoryPort {
  const random = createRandom(options.seed ?? 20_261_130);
  const start = options.start * 1000;
  const end = options.end * 1000;
  const vessels = generateFleet(random, options.vessels ?? 600);
  const staff = generateStaff(random);
  const berths = busyPortBerths();
  const { calls, spots, plannedDeparture } = planTraffic(random, options, vessels, berths);
  const cargo = planHistoryCargo(random, options, vessels, calls, plannedDeparture);
  const understaffed = options.placed.filter((i) => i.kind === 'understaffed-shift');
  const windows: (ShiftWindow & { short: Partial<Record<StaffRole, number>> })[] = [];
  for (let w = shiftAt(new Date(start)); w.startsAt.getTime() < end; w = shiftAt(w.endsAt)) {
    const s = w.startsAt.getTime() / 1000;
    const e = w.endsAt.getTime() / 1000;
    // Every shift the understaffed incident overlaps is rostered a pilot short (the model's shortRole).
    const short = understaffed.some((i) => i.start < e && s < i.end) ? { pilot: 1 } : {};
    windows.push({ ...w, short });
  }
  windows.push({ ...shiftAt(new Date(end)), short: {} });
  windows.push({ ...shiftAt(new Date(end), 1), short: {} });
  const shifts = rosterShifts(
    staff,
    windows.filter((w, i) => windows.findIndex((x) => x.name === w.name) === i),
  );
  return {
    vessels,
    staff,
    shifts,
    calls,
    cargo,
    assignments: planAssignments(staff, calls, cargo, new Date(end)),
    berths,
    anchorageSpots: spots,
    start: options.start,
    end: options.end,
  };
}

/**
 * Arrivals at the model's rate (an accumulator over 10-minute steps, so the count follows the
 * diurnal and weekly shape), each by a vessel of a calling type that is not already in port;
 * 1 call in 40 is cancelled before arriving. Berths are given first-free among those long
 * enough; a vessel stays berthed 1.5-4 days, so the port holds about the model's level of
 * vessels in port (not its 3.3-day wave, which stays that long average out). Calls are cut at the history's end: what has not happened yet is not written.
 */
function planTraffic(
  random: Random,
  options: HistoryPortOptions,
  fleet: ReturnType<typeof generateFleet>,
  berths: readonly BerthSite[],
) {
  const start = options.start * 1000;
  const end = options.end * 1000;
  const calling = fleet.flatMap((v, i) =>
    v.status === 'active' && callingTypes.includes(v.type) ? [i] : [],
  );
  const freeAt = new Map<number, number>(calling.map((v) => [v, -Infinity]));
  const openUntil = new Map<number, number>(calling.map((v) => [v, -Infinity]));
  const berthFreeAt = berths.map(() => -Infinity);
  const calls: PortCallSeed[] = [];
  const spots: LonLat[] = [];
  const plannedDeparture: number[] = [];
  const stepMs = 10 * 60_000;
  let due = 0;
  for (let t = start - warmUpMs; t < end + lookAheadMs; t += stepMs) {
    due += momentAt(Math.floor(t / 1000), options.placed).arrivalRate * (stepMs / 1000);
    for (; due >= 1; due--) {
      const arrival = t + random.float(0, stepMs);
      // A vessel whose call is still open at the history's end cannot be expected again (one open
      // call each).
      const pool = calling.filter(
        (v) => freeAt.get(v)! <= arrival && (arrival < end || openUntil.get(v)! < end),
      );
      if (pool.length === 0) continue;
      const vessel = random.pick(pool);
      const lengthM = fleet[vessel]!.lengthM;
      const call = newCall(random, vessel, 'departed', arrival + random.float(-2, 2) * hour);
      const spot = anchorageSpot(random);
      if (random.chance(1 / 40)) {
        const cancelledAt = arrival - random.float(2, 24) * hour;
        if (cancelledAt < start) continue;
        freeAt.set(vessel, cancelledAt + day);
        openUntil.set(vessel, cancelledAt);
        if (cancelledAt >= end) calls.push({ ...call, status: 'expected' });
        else calls.push({ ...call, status: 'cancelled', cancelledAt: new Date(cancelledAt) });
        spots.push([spot.lon, spot.lat]);
        plannedDeparture.push(Infinity);
        continue;
      }
      const wanted = arrival + random.float(1, 6) * hour;
      const fits = berths.flatMap((b, i) => (b.maxLengthM >= lengthM ? [i] : []));
      const candidates = fits.length ? fits : [berths.length - 1];
      const berth = candidates.reduce((best, b) => (berthFreeAt[b]! < berthFreeAt[best]! ? b : best));
      const berthedAt = Math.max(wanted, berthFreeAt[berth]! + 0.5 * hour);
      const departedAt = berthedAt + random.float(36, 96) * hour;
      berthFreeAt[berth] = departedAt;
      freeAt.set(vessel, departedAt + random.float(2, 10) * day);
      openUntil.set(vessel, departedAt);
      if (departedAt < start) continue;
      const at = (ms: number) => (ms < end ? new Date(ms) : null);
      const status =
        departedAt < end
          ? 'departed'
          : berthedAt < end
            ? 'berthed'
            : arrival < end
              ? 'at_anchorage'
              : 'expected';
      calls.push({
        ...call,
        status,
        eta: status === 'expected' ? new Date(arrival) : call.eta,
        berth: berthedAt < end ? berth : null,
        arrivedAt: at(arrival),
        berthedAt: at(berthedAt),
        departedAt: at(departedAt),
      });
      spots.push([spot.lon, spot.lat]);
      plannedDeparture.push(departedAt);
    }
  }
  return { calls, spots, plannedDeparture };
}

/**
 * The demo seed's cargo work per vessel type for each call that berthed: started 0.5-2 h after
 * berthing, finished 0.5-2 h before leaving, progress every 20 minutes; under way at the end
 * where the call still is. The stalled-cargo incident picks one operation working through its
 * whole window and withholds its progress from `stallMs` before the window (so the exporters
 * count it stalled from the window's start) until the window's end, where the withheld
 * quantity is reported at once.
 */
function planHistoryCargo(
  random: Random,
  options: HistoryPortOptions,
  fleet: ReturnType<typeof generateFleet>,
  calls: readonly PortCallSeed[],
  plannedDeparture: readonly number[],
): CargoOperationSeed[] {
  const end = options.end * 1000;
  const ops: CargoOperationSeed[] = [];
  calls.forEach((call, index) => {
    if (!call.berthedAt) return;
    const vessel = fleet[call.vessel]!;
    const berthed = call.berthedAt.getTime();
    for (const work of cargoWorkFor(vessel.type, vessel.grossTonnage, random)) {
      const begin = berthed + random.float(0.5, 2) * hour;
      const finish = Math.max(begin + hour, plannedDeparture[index]! - random.float(0.5, 2) * hour);
      const op: CargoOperationSeed = {
        call: index,
        ...work,
        status: begin >= end ? 'planned' : finish <= end ? 'completed' : 'in_progress',
        startedAt: begin < end ? new Date(begin) : null,
        completedAt: finish <= end ? new Date(finish) : null,
        progress: [],
      };
      const steps = Math.max(1, Math.ceil((finish - begin) / progressEveryMs));
      let done = 0;
      for (let k = 1; k <= steps; k++) {
        const at = k === steps ? finish : begin + k * progressEveryMs;
        if (at > end) break;
        const target = k === steps ? work.quantity : Math.floor((work.quantity * k * 100) / steps) / 100;
        const delta = Math.round((target - done) * 100) / 100;
        done += delta;
        if (delta > 0) op.progress.push({ delta, at: new Date(at) });
      }
      ops.push(op);
    }
  });
  for (const incident of options.placed.filter((i) => i.kind === 'stalled-cargo')) {
    const from = incident.start * 1000 - stallMs;
    const to = incident.end * 1000;
    const working = ops.filter(
      (op) =>
        op.startedAt &&
        op.startedAt.getTime() < from - hour &&
        (op.completedAt?.getTime() ?? end) > to + hour,
    );
    if (working.length === 0)
      throw new Error(
        `no cargo operation works through ${incident.name}: the history is too small to stall one`,
      );
    const op = random.pick(working);
    const withheld = op.progress.filter((p) => p.at.getTime() > from && p.at.getTime() < to);
    const resumed = withheld.reduce((sum, p) => sum + p.delta, 0);
    op.progress = op.progress.filter((p) => !withheld.includes(p));
    const atEnd = op.progress.find((p) => p.at.getTime() === to);
    if (atEnd) atEnd.delta = Math.round((atEnd.delta + resumed) * 100) / 100;
    else if (resumed > 0) {
      op.progress.push({ delta: Math.round(resumed * 100) / 100, at: new Date(to) });
      op.progress.sort((a, b) => a.at.getTime() - b.at.getTime());
    }
  }
  return ops;
}
