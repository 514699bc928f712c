import type { PoolClient } from 'pg';
import { bulkInsert, reserveIds } from './bulk-insert.ts';
import { lastProgressAt, quantityDone } from './cargo.ts';
import { eventsOf, lastChange } from './port-calls.ts';
import { berthSites, routeSites, type BerthSite } from './port-geography.ts';
import type { DemoPortPlan } from './plan.ts';

/** A port to write: everything of a plan but the position history, which callers write their own way. */
export type PortPlan = Omit<DemoPortPlan, 'positions'>;

/** How many rows of each kind a written port holds. */
export interface PortCounts {
  berths: number;
  routes: number;
  staff: number;
  shifts: number;
  portCalls: number;
  portCallEvents: number;
  cargoOperations: number;
  cargoProgress: number;
  assignments: number;
}

export interface WrittenPort {
  /** The id of each planned vessel, by its index in the plan. */
  vesselIds: number[];
  counts: PortCounts;
}

/**
 * Writes a planned port (vessels, berths, routes, staff, shift rosters, port calls with their
 * events, cargo operations with their progress, assignments) with the client's current
 * transaction, references resolved from plan indexes to ids. The demo seed and the 30-day history
 * (drills/history/database/) both write through it; `berths` are the sites the calls' berth
 * indexes point into (the demo port's by default).
 */
export async function writePort(
  client: PoolClient,
  plan: PortPlan,
  options: { berths?: readonly BerthSite[]; log?: (message: string) => void } = {},
): Promise<WrittenPort> {
  const berths = options.berths ?? berthSites;
  const log = options.log ?? (() => undefined);
  const vesselIds = await reserveIds(client, 'vessels', plan.vessels.length);
  await bulkInsert(
    client,
    'vessels',
    [
      ['id', 'int8'],
      ['imo', 'text'],
      ['mmsi', 'text'],
      ['name', 'text'],
      ['type', 'text'],
      ['flag', 'text'],
      ['gross_tonnage', 'int4'],
      ['length_m', 'numeric'],
      ['status', 'text'],
    ],
    plan.vessels.map((v, i) => [
      vesselIds[i],
      v.imo,
      v.mmsi,
      v.name,
      v.type,
      v.flag,
      v.grossTonnage,
      v.lengthM,
      v.status,
    ]),
  );
  const berthIds = await reserveIds(client, 'berths', berths.length);
  await bulkInsert(
    client,
    'berths',
    [
      ['id', 'int8'],
      ['code', 'text'],
      ['name', 'text'],
      ['max_length_m', 'numeric'],
    ],
    berths.map((b, i) => [berthIds[i], b.code, b.name, b.maxLengthM]),
  );
  const routeIds = await reserveIds(client, 'routes', routeSites.length);
  await bulkInsert(
    client,
    'routes',
    [
      ['id', 'int8'],
      ['code', 'text'],
      ['name', 'text'],
      ['direction', 'text'],
      ['waypoints', 'jsonb'],
      ['status', 'text'],
    ],
    routeSites.map((r, i) => [
      routeIds[i],
      r.code,
      r.name,
      r.direction,
      JSON.stringify({ type: 'LineString', coordinates: r.coordinates }),
      r.status,
    ]),
  );
  log('vessels, berths and routes written');

  const staffIds = await reserveIds(client, 'staff', plan.staff.length);
  await bulkInsert(
    client,
    'staff',
    [
      ['id', 'int8'],
      ['employee_no', 'text'],
      ['name', 'text'],
      ['role', 'text'],
      ['active', 'bool'],
    ],
    plan.staff.map((s, i) => [staffIds[i], s.employeeNo, s.name, s.role, s.active]),
  );
  const shiftIds = await reserveIds(client, 'shifts', plan.shifts.length);
  await bulkInsert(
    client,
    'shifts',
    [
      ['id', 'int8'],
      ['name', 'text'],
      ['starts_at', 'timestamptz'],
      ['ends_at', 'timestamptz'],
    ],
    plan.shifts.map((s, i) => [shiftIds[i], s.name, s.startsAt, s.endsAt]),
  );
  await bulkInsert(
    client,
    'shift_requirements',
    [
      ['shift_id', 'int8'],
      ['role', 'text'],
      ['required', 'int4'],
    ],
    plan.shifts.flatMap((s, i) => Object.entries(s.requirements).map(([role, n]) => [shiftIds[i], role, n])),
  );
  await bulkInsert(
    client,
    'shift_staff',
    [
      ['shift_id', 'int8'],
      ['staff_id', 'int8'],
    ],
    plan.shifts.flatMap((s, i) => s.roster.map((person) => [shiftIds[i], staffIds[person]])),
  );
  log('staff and shift rosters written');

  const callIds = await reserveIds(client, 'port_calls', plan.calls.length);
  const ref = (ids: number[], index: number | null) => (index === null ? null : ids[index]);
  await bulkInsert(
    client,
    'port_calls',
    [
      ['id', 'int8'],
      ['vessel_id', 'int8'],
      ['status', 'text'],
      ['eta', 'timestamptz'],
      ['berth_id', 'int8'],
      ['entry_route_id', 'int8'],
      ['exit_route_id', 'int8'],
      ['arrived_at', 'timestamptz'],
      ['berthed_at', 'timestamptz'],
      ['departed_at', 'timestamptz'],
      ['cancelled_at', 'timestamptz'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    plan.calls.map((c, i) => {
      const created = new Date(
        Math.min(c.eta.getTime(), c.arrivedAt?.getTime() ?? Infinity) - 3 * 86_400_000,
      );
      return [
        callIds[i],
        vesselIds[c.vessel],
        c.status,
        c.eta,
        ref(berthIds, c.berth),
        routeIds[c.entryRoute],
        routeIds[c.exitRoute],
        c.arrivedAt,
        c.berthedAt,
        c.departedAt,
        c.cancelledAt,
        created,
        lastChange(c),
      ];
    }),
  );
  const events = plan.calls.flatMap((c, i) =>
    eventsOf(c).map((e) => [callIds[i], e.type, e.at, ref(berthIds, e.berth), ref(routeIds, e.route), e.at]),
  );
  // Events go in chronological order, so their ids follow the history (counters read them by id).
  events.sort((a, b) => (a[2] as Date).getTime() - (b[2] as Date).getTime());
  await bulkInsert(
    client,
    'port_call_events',
    [
      ['port_call_id', 'int8'],
      ['type', 'text'],
      ['at', 'timestamptz'],
      ['berth_id', 'int8'],
      ['route_id', 'int8'],
      ['created_at', 'timestamptz'],
    ],
    events,
  );
  log(`${plan.calls.length} port calls and ${events.length} events written`);

  const cargoIds = await reserveIds(client, 'cargo_operations', plan.cargo.length);
  await bulkInsert(
    client,
    'cargo_operations',
    [
      ['id', 'int8'],
      ['port_call_id', 'int8'],
      ['direction', 'text'],
      ['category', 'text'],
      ['unit', 'text'],
      ['quantity', 'numeric'],
      ['quantity_done', 'numeric'],
      ['status', 'text'],
      ['started_at', 'timestamptz'],
      ['completed_at', 'timestamptz'],
      ['last_progress_at', 'timestamptz'],
    ],
    plan.cargo.map((op, i) => [
      cargoIds[i],
      callIds[op.call],
      op.direction,
      op.category,
      op.unit,
      op.quantity,
      quantityDone(op),
      op.status,
      op.startedAt,
      op.completedAt,
      lastProgressAt(op),
    ]),
  );
  const progress = plan.cargo.flatMap((op, i) => op.progress.map((p) => [cargoIds[i], p.delta, p.at, p.at]));
  progress.sort((a, b) => (a[2] as Date).getTime() - (b[2] as Date).getTime());
  await bulkInsert(
    client,
    'cargo_progress',
    [
      ['cargo_operation_id', 'int8'],
      ['quantity_delta', 'numeric'],
      ['at', 'timestamptz'],
      ['created_at', 'timestamptz'],
    ],
    progress,
  );
  await bulkInsert(
    client,
    'assignments',
    [
      ['staff_id', 'int8'],
      ['port_call_id', 'int8'],
      ['cargo_operation_id', 'int8'],
      ['starts_at', 'timestamptz'],
      ['ends_at', 'timestamptz'],
    ],
    plan.assignments.map((a) => [
      staffIds[a.staff],
      callIds[a.call],
      ref(cargoIds, a.cargoOperation),
      a.startsAt,
      a.endsAt,
    ]),
  );
  log(
    `${plan.cargo.length} cargo operations, ${progress.length} progress updates, ${plan.assignments.length} assignments written`,
  );
  return {
    vesselIds,
    counts: {
      berths: berths.length,
      routes: routeSites.length,
      staff: plan.staff.length,
      shifts: plan.shifts.length,
      portCalls: plan.calls.length,
      portCallEvents: events.length,
      cargoOperations: plan.cargo.length,
      cargoProgress: progress.length,
      assignments: plan.assignments.length,
    },
  };
}
