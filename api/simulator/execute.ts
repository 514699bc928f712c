import type { Answer } from '../../lib/api-contract/index.ts';
import type { LonLat } from '../seed/geo.ts';
import { port } from '../seed/port-geography.ts';
import type { Random } from '../seed/random.ts';
import type { StaffRole } from '../seed/staff.ts';
import type { ApiClient } from './api-client.ts';
import type { Action } from './planner.ts';
import { anchorSpotOf, berthPosition } from './reports.ts';
import { assignSomeone } from './staffing.ts';
import type { TickReport } from './tick-report.ts';
import { approachPath, departurePath, shiftPath, startVoyage, type Voyage } from './voyages.ts';
import type { PortCall, Route, Staff, World } from './world.ts';

export interface ExecutionContext {
  api: ApiClient;
  random: Random;
  /** Voyages under way by vessel id: approaches, shifts to a berth and departures start here. */
  voyages: Map<number, Voyage>;
  staff: readonly Staff[];
  world: World;
  now: Date;
  report: TickReport;
}

const hour = 3_600_000;

/** The call's route if open, else any open route of that direction. */
function routeCoordinates(
  world: World,
  id: number | null,
  direction: 'entry' | 'exit',
): LonLat[] | undefined {
  const usable = (r: Route) => r.status === 'open' && (r.direction === direction || r.direction === 'both');
  const route =
    world.routes.find((r) => r.id === id && usable(r)) ??
    world.routes.find((r) => usable(r) && !r.code.startsWith('ANC'));
  return route?.waypoints.coordinates;
}

/** Carries out one planned action through the API and keeps the local picture (world, voyages) in step. */
export async function execute(action: Action, ctx: ExecutionContext): Promise<void> {
  const { api, voyages, world, now, report } = ctx;
  const at = now.toISOString();
  const event = (call: PortCall, body: Record<string, unknown>) =>
    api.post(`/port-calls/${call.id}/events`, body);
  const assign = async (role: StaffRole, work: Parameters<typeof assignSomeone>[4]) => {
    if (await assignSomeone(api, ctx.staff, ctx.random, role, work)) report.assignments++;
  };
  const hourLater = new Date(now.getTime() + hour);
  switch (action.kind) {
    case 'start-approach': {
      const route = routeCoordinates(world, action.call.entry_route_id, 'entry');
      if (!route) return;
      const vesselId = action.call.vessel_id;
      voyages.set(
        vesselId,
        startVoyage('approach', action.call.id, vesselId, approachPath(route, anchorSpotOf(vesselId))),
      );
      return;
    }
    case 'arrive': {
      await event(action.call, {
        type: 'arrived',
        at,
        ...(action.call.entry_route_id ? { route_id: action.call.entry_route_id } : {}),
      });
      voyages.delete(action.call.vessel_id);
      Object.assign(action.call, { status: 'at_anchorage', arrived_at: at });
      report.arrived++;
      return;
    }
    case 'berth': {
      const { call, berth } = action;
      await event(call, { type: 'berthed', at, berth_id: berth.id });
      Object.assign(call, { status: 'berthed', berthed_at: at, berth_id: berth.id });
      report.berthed++;
      const link = world.routes.find((r) => r.code.startsWith('ANC') && r.status === 'open')?.waypoints
        .coordinates;
      voyages.set(
        call.vessel_id,
        startVoyage(
          'shift',
          call.id,
          call.vessel_id,
          shiftPath(anchorSpotOf(call.vessel_id), link, port.mouth, berthPosition(berth).point),
        ),
      );
      await assign('pilot', { portCallId: call.id, startsAt: now, endsAt: hourLater });
      await assign('mooring', { portCallId: call.id, startsAt: now, endsAt: hourLater });
      for (const work of action.cargo) {
        const op = await api.post<Answer<'createCargoOperation', 201>>('/cargo-operations', {
          port_call_id: call.id,
          ...work,
        });
        report.cargoCreated++;
        await assign('crane_operator', {
          portCallId: call.id,
          cargoOperationId: op.id,
          startsAt: now,
          endsAt: new Date(now.getTime() + 4 * hour),
        });
      }
      return;
    }
    case 'depart': {
      const { call } = action;
      await event(call, {
        type: 'departed',
        at,
        ...(call.exit_route_id ? { route_id: call.exit_route_id } : {}),
      });
      world.calls.splice(world.calls.indexOf(call), 1);
      report.departed++;
      const exit = routeCoordinates(world, call.exit_route_id, 'exit');
      const berth = world.berths.find((b) => b.id === call.berth_id);
      if (exit)
        voyages.set(
          call.vessel_id,
          startVoyage('departure', call.id, call.vessel_id, departurePath(berthPosition(berth).point, exit)),
        );
      await assign('pilot', { portCallId: call.id, startsAt: now, endsAt: hourLater });
      return;
    }
    case 'cancel':
      await event(action.call, { type: 'cancelled', at });
      world.calls.splice(world.calls.indexOf(action.call), 1);
      report.cancelled++;
      return;
    case 'new-call':
      await api.post('/port-calls', {
        vessel_id: action.vessel.id,
        eta: action.eta.toISOString(),
        entry_route_id: action.entryRouteId,
        exit_route_id: action.exitRouteId,
      });
      report.newCalls++;
      return;
    case 'progress':
      await api.post(`/cargo-operations/${action.op.id}/progress`, { quantity_delta: action.delta, at });
      report.progress++;
      return;
    case 'route-status':
      await api.patch(`/routes/${action.route.id}`, { status: action.status });
      action.route.status = action.status;
      report.routeChanges++;
      return;
    case 'stall':
      await api.patch(`/cargo-operations/${action.op.id}`, { status: 'stalled' });
      report.stalled++;
      return;
  }
}

/** How an action is named in logs. */
export function describe(action: Action): string {
  if ('call' in action) return `${action.kind} of port call ${action.call.id}`;
  if ('op' in action) return `${action.kind} of cargo operation ${action.op.id}`;
  if ('route' in action) return `${action.kind} of route ${action.route.code}`;
  return `${action.kind} for vessel ${action.vessel.id}`;
}
