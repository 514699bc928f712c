import type { VesselSeed, VesselType } from './fleet.ts';
import type { PortCallSeed } from './port-calls.ts';
import type { Random } from './random.ts';

export type CargoCategory =
  'containers' | 'dry_bulk' | 'liquid_bulk' | 'breakbulk' | 'vehicles' | 'passengers';
export type CargoUnit = 'teu' | 'tonnes' | 'units';
export type CargoStatus = 'planned' | 'in_progress' | 'completed' | 'stalled' | 'cancelled';

export interface CargoProgressSeed {
  delta: number;
  at: Date;
}

export interface CargoOperationSeed {
  /** Index into the port calls. */
  call: number;
  direction: 'load' | 'unload';
  category: CargoCategory;
  unit: CargoUnit;
  quantity: number;
  status: CargoStatus;
  startedAt: Date | null;
  completedAt: Date | null;
  progress: CargoProgressSeed[];
}

interface Work {
  direction: 'load' | 'unload';
  category: CargoCategory;
  unit: CargoUnit;
  /** Quantity for a vessel of this gross tonnage. */
  quantity: (gt: number, random: Random) => number;
}

const teu = (gt: number, r: Random) => Math.max(50, Math.round((gt / 11) * r.float(0.08, 0.25)));
const tonnes = (gt: number, r: Random) => Math.max(500, Math.round(gt * 1.6 * r.float(0.5, 0.95)));
const vehicles = (gt: number, r: Random) => Math.max(40, Math.round((gt / 45) * r.float(0.3, 0.9)));

/** What each vessel type typically works in port. */
const workByType: Record<VesselType, (r: Random) => Work[]> = {
  container: () => [
    { direction: 'unload', category: 'containers', unit: 'teu', quantity: teu },
    { direction: 'load', category: 'containers', unit: 'teu', quantity: teu },
  ],
  bulk: (r) => [
    { direction: r.chance(0.7) ? 'unload' : 'load', category: 'dry_bulk', unit: 'tonnes', quantity: tonnes },
  ],
  tanker: (r) => [
    {
      direction: r.chance(0.6) ? 'unload' : 'load',
      category: 'liquid_bulk',
      unit: 'tonnes',
      quantity: tonnes,
    },
  ],
  roro: () => [
    { direction: 'unload', category: 'vehicles', unit: 'units', quantity: vehicles },
    { direction: 'load', category: 'vehicles', unit: 'units', quantity: vehicles },
  ],
  passenger: () => [
    {
      direction: 'unload',
      category: 'passengers',
      unit: 'units',
      quantity: (gt, r) => Math.round((gt / 40) * r.float(0.5, 0.95)) + 50,
    },
    {
      direction: 'load',
      category: 'passengers',
      unit: 'units',
      quantity: (gt, r) => Math.round((gt / 40) * r.float(0.5, 0.95)) + 50,
    },
  ],
  other: () => [
    {
      direction: 'unload',
      category: 'breakbulk',
      unit: 'tonnes',
      quantity: (gt, r) => Math.round(gt * r.float(0.3, 0.8)) + 100,
    },
  ],
  tug: () => [],
  fishing: () => [],
};

const hour = 3_600_000;

export interface CargoWork {
  direction: 'load' | 'unload';
  category: CargoCategory;
  unit: CargoUnit;
  quantity: number;
}

/** The cargo operations a vessel of this type and tonnage works in one call. */
export function cargoWorkFor(type: VesselType, grossTonnage: number, random: Random): CargoWork[] {
  return workByType[type](random).map((w) => ({
    direction: w.direction,
    category: w.category,
    unit: w.unit,
    quantity: w.quantity(grossTonnage, random),
  }));
}

/** Splits `total` units of work into roughly hourly updates between start and end. */
function progressBetween(random: Random, total: number, start: number, end: number): CargoProgressSeed[] {
  const steps = Math.max(1, Math.min(24, Math.round((end - start) / hour)));
  const out: CargoProgressSeed[] = [];
  let done = 0;
  for (let i = 1; i <= steps; i++) {
    const target = i === steps ? total : Math.round(((total * i) / steps) * random.float(0.95, 1.05));
    const delta = Math.max(0, Math.min(total, target) - done);
    done += delta;
    if (delta > 0) out.push({ delta, at: new Date(start + ((end - start) * i) / steps) });
  }
  return out;
}

/**
 * Cargo work for each call, with its status following the call's: finished (now and then
 * cancelled) for departed calls, under way for berthed ones (one stalled, the freshest
 * still planned), planned before berthing and cancelled with a cancelled call.
 */
export function planCargo(
  random: Random,
  fleet: readonly VesselSeed[],
  calls: readonly PortCallSeed[],
  now: Date,
): CargoOperationSeed[] {
  const t = now.getTime();
  const ops: CargoOperationSeed[] = [];
  let stalledOne = false;
  calls.forEach((call, index) => {
    const vessel = fleet[call.vessel] as VesselSeed;
    for (const work of cargoWorkFor(vessel.type, vessel.grossTonnage, random)) {
      const quantity = work.quantity;
      const op: CargoOperationSeed = {
        call: index,
        ...work,
        status: 'planned',
        startedAt: null,
        completedAt: null,
        progress: [],
      };
      const berthedAt = call.berthedAt?.getTime();
      if (call.status === 'cancelled') op.status = 'cancelled';
      else if (call.status === 'departed' && berthedAt !== undefined && call.departedAt) {
        const start = berthedAt + random.float(0.5, 2) * hour;
        if (random.chance(0.06)) {
          op.status = 'cancelled';
        } else {
          const end = Math.max(start + hour, call.departedAt.getTime() - random.float(0.5, 2) * hour);
          op.status = 'completed';
          op.startedAt = new Date(start);
          op.completedAt = new Date(end);
          op.progress = progressBetween(random, quantity, start, end);
        }
      } else if (call.status === 'berthed' && berthedAt !== undefined && t - berthedAt > 1.5 * hour) {
        const start = berthedAt + random.float(0.5, 1.2) * hour;
        // Expected duration: most calls turn around within a day and a half.
        const expectedEnd = start + random.float(12, 36) * hour;
        const stalls = !stalledOne && t - start > 4 * hour;
        const lastProgress = Math.max(
          start + 0.1 * hour,
          stalls ? t - random.float(2, 3) * hour : t - random.float(0.05, 0.5) * hour,
        );
        const share = Math.min(0.95, (lastProgress - start) / (expectedEnd - start));
        op.status = stalls ? 'stalled' : 'in_progress';
        stalledOne ||= stalls;
        op.startedAt = new Date(start);
        op.progress = progressBetween(random, Math.max(1, Math.floor(quantity * share)), start, lastProgress);
      }
      ops.push(op);
    }
  });
  return ops;
}

export const quantityDone = (op: CargoOperationSeed) => op.progress.reduce((sum, p) => sum + p.delta, 0);
export const lastProgressAt = (op: CargoOperationSeed): Date | null => op.progress.at(-1)?.at ?? null;
