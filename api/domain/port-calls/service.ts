import type { Counter } from 'prom-client';
import { conflict, notFound } from '../../../lib/http/errors.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { getBerth } from '../berths/berths.ts';
import { getRoute } from '../sea-routes/sea-routes.ts';
import { findVessel } from '../vessels/store.ts';
import type { CreatePortCall, PortCallEvent, PortCallQuery } from './schemas.ts';
import * as store from './store.ts';
import { transitionFor } from './transitions.ts';

export const listPortCalls = (db: Db, query: PortCallQuery) => store.listPortCalls(db, query);

export async function getPortCall(db: Db, id: number) {
  const call = await store.findPortCall(db, id);
  if (!call) throw notFound(`port call ${id}`);
  return { ...call, events: await store.listEvents(db, id) };
}

export async function createPortCall(db: Db, input: CreatePortCall) {
  return db.tx(async (q) => {
    const vessel = await findVessel(q, input.vessel_id);
    if (!vessel) throw notFound(`vessel ${input.vessel_id}`);
    if (vessel.status !== 'active')
      throw conflict('vessel_not_active', `vessel ${vessel.id} is ${vessel.status}`);
    if (input.berth_id !== undefined) await assertFits(q, input.berth_id, vessel.length_m);
    if (input.entry_route_id !== undefined) await getRoute(q, input.entry_route_id);
    if (input.exit_route_id !== undefined) await getRoute(q, input.exit_route_id);
    return store.insertPortCall(q, input);
  });
}

/**
 * Moves a call through expected -> at_anchorage -> berthed -> departed (or cancelled). Runs under
 * a row lock on the call; the partial unique indexes settle any race for a berth.
 */
export async function recordEvent(db: Db, events: Counter<'type'>, id: number, e: PortCallEvent) {
  const updated = await db.tx(async (q) => {
    const call = await store.findPortCall(q, id, true);
    if (!call) throw notFound(`port call ${id}`);
    const t = transitionFor(call.status, e.type);
    if (!t) throw conflict('invalid_transition', `a port call that is ${call.status} cannot be ${e.type}`);
    const previous = Math.max(call.arrived_at?.getTime() ?? 0, call.berthed_at?.getTime() ?? 0);
    if (e.at.getTime() < previous)
      throw conflict('event_out_of_order', 'the event is dated before the previous one');
    const applied: store.AppliedEvent = { type: e.type, to: t.to, stamp: t.stamp, at: e.at };
    if (e.type === 'berthed') {
      const berthId = e.berth_id ?? call.berth_id;
      if (berthId === null)
        throw conflict('berth_required', 'berthing needs berth_id (no berth was planned)');
      const vessel = await findVessel(q, call.vessel_id);
      await assertFits(q, berthId, vessel?.length_m ?? 0);
      const occupant = await store.callBerthedAt(q, berthId, call.id);
      if (occupant !== undefined)
        throw conflict('berth_occupied', `berth ${berthId} is taken by port call ${occupant}`);
      applied.berthId = berthId;
    }
    if (e.route_id !== undefined && (e.type === 'arrived' || e.type === 'departed')) {
      const route = await getRoute(q, e.route_id);
      if (route.status !== 'open') throw conflict('route_closed', `route ${route.code} is closed`);
      if (e.type === 'arrived') applied.entryRouteId = route.id;
      else applied.exitRouteId = route.id;
    }
    return store.applyEvent(q, call, applied);
  });
  events.inc({ type: e.type });
  return updated;
}

async function assertFits(q: Queryable, berthId: number, lengthM: number) {
  const berth = await getBerth(q, berthId);
  if (lengthM > berth.max_length_m)
    throw conflict(
      'vessel_too_long',
      `the vessel is ${lengthM} m long; berth ${berth.code} takes at most ${berth.max_length_m} m`,
    );
}
