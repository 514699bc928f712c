import { describe, expect, it } from 'vitest';
import { createRandom } from '../seed/random.ts';
import {
  chanceWithin,
  defaultPlannerSettings,
  planTick,
  type Action,
  type PlanInput,
  type PlannerSettings,
} from './planner.ts';
import { combinedEffects } from './scenarios.ts';
import type { Voyage } from './voyages.ts';
import type { PortCall, Vessel, World } from './world.ts';

const now = new Date('2026-11-23T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const vessel = (id: number, length_m: number, type: Vessel['type'] = 'container'): Vessel => ({
  id,
  mmsi: String(224000000 + id),
  name: `V${id}`,
  type,
  length_m,
  gross_tonnage: 20_000,
  status: 'active',
});
const call = (
  id: number,
  vessel_id: number,
  status: PortCall['status'],
  extra: Partial<PortCall> = {},
): PortCall => ({
  id,
  vessel_id,
  status,
  eta: ago(-600),
  berth_id: null,
  entry_route_id: 1,
  exit_route_id: 2,
  arrived_at: null,
  berthed_at: null,
  ...extra,
});

function world(calls: PortCall[], cargo: World['cargo'] = []): World {
  return {
    vessels: [
      vessel(1, 300),
      vessel(2, 180),
      vessel(3, 150),
      vessel(4, 390),
      vessel(5, 120),
      vessel(6, 30, 'tug'),
      vessel(7, 200),
    ],
    berths: [
      { id: 10, code: 'A', max_length_m: 400 },
      { id: 11, code: 'B', max_length_m: 200 },
      { id: 12, code: 'C', max_length_m: 160 },
    ],
    routes: [
      {
        id: 1,
        code: 'ENT-N',
        direction: 'entry',
        status: 'open',
        waypoints: {
          type: 'LineString',
          coordinates: [
            [-0.1, 39.5],
            [-0.3, 39.43],
          ],
        },
      },
      {
        id: 2,
        code: 'EXT-E',
        direction: 'exit',
        status: 'open',
        waypoints: {
          type: 'LineString',
          coordinates: [
            [-0.3, 39.43],
            [-0.1, 39.42],
          ],
        },
      },
      {
        id: 3,
        code: 'NTH-C',
        direction: 'entry',
        status: 'closed',
        waypoints: {
          type: 'LineString',
          coordinates: [
            [-0.3, 39.43],
            [-0.31, 39.45],
          ],
        },
      },
    ],
    calls,
    cargo,
  };
}

const always: PlannerSettings = {
  ...defaultPlannerSettings,
  routeTogglePerMinute: 0,
  berthPerMinute: 1,
  departPerMinute: 1,
  cancelPerMinute: 0,
  stallPerMinute: 0,
  maxBerthOccupancy: 1,
  targetExpected: 0,
};

function plan(
  input: Partial<PlanInput> & { world: World },
  settings: Partial<PlannerSettings> = {},
): Action[] {
  return planTick({
    now,
    random: createRandom(1),
    voyages: new Map(),
    approachesDone: new Set(),
    holdAtAnchorage: 0,
    elapsedMs: 60_000,
    settings: { ...always, ...settings },
    ...input,
  });
}
const kinds = (actions: Action[], kind: Action['kind']) => actions.filter((a) => a.kind === kind);

describe('planTick', () => {
  it('berths the longest-waiting vessel into the smallest free berth that takes it', () => {
    const actions = plan({
      world: world([
        call(1, 1, 'berthed', { berth_id: 10, berthed_at: ago(5) }),
        call(2, 4, 'at_anchorage', { arrived_at: ago(90) }), // 390 m: only berth A fits, and it is taken
        call(3, 2, 'at_anchorage', { arrived_at: ago(60) }),
        call(4, 3, 'at_anchorage', { arrived_at: ago(30) }),
      ]),
    });
    const berth = kinds(actions, 'berth');
    expect(berth).toHaveLength(1);
    expect(berth[0]).toMatchObject({ call: { id: 3 }, berth: { id: 11 } });
    // It comes with the cargo work of a container ship.
    expect(berth[0]?.kind === 'berth' && berth[0].cargo.map((w) => w.category)).toEqual([
      'containers',
      'containers',
    ]);
  });

  it('keeps the held vessels at anchorage and tops the anchorage up to the hold', () => {
    const calls = [
      call(3, 2, 'at_anchorage', { arrived_at: ago(60) }),
      call(5, 5, 'expected'),
      call(6, 7, 'expected', { eta: ago(-900) }),
    ];
    const actions = plan({ world: world(calls), holdAtAnchorage: 2 });
    expect(kinds(actions, 'berth')).toEqual([]);
    expect(kinds(actions, 'arrive').map((a) => 'call' in a && a.call.id)).toEqual([5]);
  });

  it('arrives a call whose approach reached the anchorage, and starts approaches by ETA', () => {
    const calls = [
      call(5, 5, 'expected', { eta: ago(-5) }),
      call(6, 7, 'expected', { eta: ago(-600) }),
      call(7, 3, 'expected', { eta: ago(-900) }),
    ];
    const voyage = { kind: 'approach', callId: 5, vesselId: 5 } as Voyage;
    const actions = plan(
      { world: world(calls), voyages: new Map([[5, voyage]]), approachesDone: new Set([5]) },
      { maxApproaches: 2 },
    );
    expect(kinds(actions, 'arrive').map((a) => 'call' in a && a.call.id)).toEqual([5]);
    // One approach already under way: one more starts (the next by ETA), not two.
    expect(kinds(actions, 'start-approach').map((a) => 'call' in a && a.call.id)).toEqual([6]);
  });

  it('departs only berthed calls whose cargo work is over and that stayed long enough', () => {
    const calls = [
      call(1, 1, 'berthed', { berth_id: 10, berthed_at: ago(30) }),
      call(2, 2, 'berthed', { berth_id: 11, berthed_at: ago(30) }),
      call(3, 3, 'berthed', { berth_id: 12, berthed_at: ago(0.5) }),
    ];
    const cargo = [
      { id: 100, port_call_id: 1, status: 'in_progress' as const, quantity: 1000, quantity_done: 10 },
    ];
    const actions = plan({ world: world(calls, cargo) });
    expect(kinds(actions, 'depart').map((a) => 'call' in a && a.call.id)).toEqual([2]);
  });

  it('moves cargo of berthed calls only, never past the planned quantity', () => {
    const calls = [
      call(1, 1, 'berthed', { berth_id: 10, berthed_at: ago(30) }),
      call(2, 2, 'at_anchorage', { arrived_at: ago(10) }),
    ];
    const cargo = [
      { id: 100, port_call_id: 1, status: 'in_progress' as const, quantity: 1000, quantity_done: 997 },
      { id: 101, port_call_id: 1, status: 'planned' as const, quantity: 500, quantity_done: 0 },
      { id: 102, port_call_id: 2, status: 'planned' as const, quantity: 500, quantity_done: 0 },
    ];
    const progress = kinds(plan({ world: world(calls, cargo) }), 'progress');
    expect(
      progress.map((a) => a.kind === 'progress' && [a.op.id, a.delta <= a.op.quantity - a.op.quantity_done]),
    ).toEqual([
      [100, true],
      [101, true],
    ]);
    const stalls = kinds(plan({ world: world(calls, cargo) }, { stallPerMinute: 1 }), 'stall');
    expect(stalls.map((a) => 'op' in a && a.op.id)).toEqual([100]);
  });

  it('schedules new calls for idle calling vessels when few are expected', () => {
    const calls = [call(1, 1, 'berthed', { berth_id: 10, berthed_at: ago(30) })];
    const actions = plan({ world: world(calls) }, { targetExpected: 3 });
    const created = kinds(actions, 'new-call');
    expect(created).toHaveLength(1);
    const action = created[0];
    if (action?.kind !== 'new-call') throw new Error('expected a new call');
    expect([2, 3, 4, 5, 7]).toContain(action.vessel.id); // not the berthed one, not the tug
    expect(action.eta.getTime()).toBeGreaterThan(now.getTime());
    expect(action.entryRouteId).toBe(1); // the closed route is never used
    expect(action.exitRouteId).toBe(2);
  });

  it('opens or closes only secondary channels', () => {
    const w = world([]);
    w.routes.push({
      id: 4,
      code: 'ANC-L',
      direction: 'both',
      status: 'open',
      waypoints: {
        type: 'LineString',
        coordinates: [
          [-0.24, 39.45],
          [-0.3, 39.43],
        ],
      },
    });
    w.routes.push({
      id: 5,
      code: 'NTH-C',
      direction: 'both',
      status: 'closed',
      waypoints: {
        type: 'LineString',
        coordinates: [
          [-0.3, 39.43],
          [-0.31, 39.45],
        ],
      },
    });
    const toggles = kinds(plan({ world: w }, { routeTogglePerMinute: 1 }), 'route-status');
    expect(toggles.map((a) => a.kind === 'route-status' && [a.route.code, a.status])).toEqual([
      ['NTH-C', 'open'],
    ]);
  });

  it('holds back early approaches while the anchorage is full, never due ones', () => {
    const anchored = [1, 2, 3].map((v) => call(v, v, 'at_anchorage', { arrived_at: ago(1) }));
    const calls = [
      ...anchored,
      call(5, 5, 'expected', { eta: ago(-600) }),
      call(6, 7, 'expected', { eta: ago(-5) }),
    ];
    const starts = kinds(
      plan({ world: world(calls) }, { maxAnchorage: 3, berthPerMinute: 0 }),
      'start-approach',
    );
    expect(starts.map((a) => 'call' in a && a.call.id)).toEqual([6]);
  });
});

describe('chanceWithin', () => {
  it('turns a rate per minute into the chance within the elapsed time', () => {
    expect(chanceWithin(0.5, 60_000)).toBeCloseTo(0.5, 9);
    expect(chanceWithin(0.5, 120_000)).toBeCloseTo(0.75, 9);
    expect(chanceWithin(0.5, 0)).toBe(0);
    expect(chanceWithin(1, 0)).toBe(1);
    expect(chanceWithin(0, 3_600_000)).toBe(0);
  });
});

describe('a well-run port by default, faults by scenario', () => {
  it('stalls nothing and toggles no channel with the default settings', () => {
    expect(defaultPlannerSettings.stallPerMinute).toBe(0);
    expect(defaultPlannerSettings.routeTogglePerMinute).toBe(0);
  });

  it('keeps a berth reserve: no berthing once the occupancy cap is reached', () => {
    // Three berths, a cap of two thirds: with two taken the waiting vessel stays at anchorage.
    const cap = { maxBerthOccupancy: 2 / 3 };
    const waiting = call(3, 3, 'at_anchorage', { arrived_at: ago(30) });
    const two = [
      call(1, 1, 'berthed', { berth_id: 10, berthed_at: ago(5) }),
      call(2, 2, 'berthed', { berth_id: 11, berthed_at: ago(5) }),
    ];
    expect(kinds(plan({ world: world([...two, waiting]) }, cap), 'berth')).toEqual([]);
    expect(kinds(plan({ world: world([two[0] as PortCall, waiting]) }, cap), 'berth')).toHaveLength(1);
  });

  it('stalled-cargo stalls work under way and never resumes it', () => {
    const calls = [call(1, 1, 'berthed', { berth_id: 10, berthed_at: ago(30) })];
    const cargo = [
      { id: 100, port_call_id: 1, status: 'in_progress' as const, quantity: 1000, quantity_done: 10 },
      { id: 101, port_call_id: 1, status: 'stalled' as const, quantity: 1000, quantity_done: 10 },
    ];
    const settings = combinedEffects(['stalled-cargo']).settings;
    const actions = plan({ world: world(calls, cargo) }, settings);
    expect(kinds(actions, 'stall').map((a) => 'op' in a && a.op.id)).toEqual([100]);
    expect(kinds(actions, 'progress')).toEqual([]);
  });
});
