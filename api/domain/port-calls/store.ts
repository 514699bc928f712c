import type { Queryable } from '../../platform/db.ts';
import { Filters, findById, listPage } from '../../platform/sql.ts';
import type { CreatePortCall, EventType, PortCallQuery, PortCallStatus } from './schemas.ts';

export interface PortCall {
  id: number;
  vessel_id: number;
  status: PortCallStatus;
  eta: Date;
  berth_id: number | null;
  entry_route_id: number | null;
  exit_route_id: number | null;
  arrived_at: Date | null;
  berthed_at: Date | null;
  departed_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'id, vessel_id, status, eta, berth_id, entry_route_id, exit_route_id, arrived_at, berthed_at, departed_at, cancelled_at, created_at, updated_at';

export function listPortCalls(q: Queryable, query: PortCallQuery) {
  const filters = new Filters()
    .add('status = $?', query.status)
    .add('vessel_id = $?', query.vessel_id)
    .add('berth_id = $?', query.berth_id);
  return listPage<PortCall>(q, filters, {
    operation: 'port_calls.list',
    columns,
    from: 'port_calls',
    orderBy: 'id DESC',
    limit: query.limit,
    offset: query.offset,
  });
}

export function findPortCall(q: Queryable, id: number, lock = false): Promise<PortCall | undefined> {
  return findById<PortCall>(q, 'port_calls.get', { columns: columns, from: 'port_calls' }, id, lock);
}

export async function insertPortCall(q: Queryable, c: CreatePortCall): Promise<PortCall> {
  const rows = await q.query<PortCall>(
    'port_calls.insert',
    `INSERT INTO port_calls (vessel_id, eta, berth_id, entry_route_id, exit_route_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [c.vessel_id, c.eta, c.berth_id ?? null, c.entry_route_id ?? null, c.exit_route_id ?? null],
  );
  return rows[0] as PortCall;
}

/** Id of the call berthed at this berth, other than `exceptCallId`. */
export async function callBerthedAt(
  q: Queryable,
  berthId: number,
  exceptCallId: number,
): Promise<number | undefined> {
  const rows = await q.query<{ id: number }>(
    'port_calls.berth_occupant',
    `SELECT id FROM port_calls WHERE berth_id = $1 AND status = 'berthed' AND id <> $2`,
    [berthId, exceptCallId],
  );
  return rows[0]?.id;
}

export interface AppliedEvent {
  type: EventType;
  to: PortCallStatus;
  stamp: string;
  at: Date;
  berthId?: number | undefined;
  entryRouteId?: number | undefined;
  exitRouteId?: number | undefined;
}

export async function applyEvent(q: Queryable, call: PortCall, e: AppliedEvent): Promise<PortCall> {
  // `stamp` comes from the transition table, never from input.
  const rows = await q.query<PortCall>(
    'port_calls.transition',
    `UPDATE port_calls SET status = $2, ${e.stamp} = $3, berth_id = COALESCE($4, berth_id),
       entry_route_id = COALESCE($5, entry_route_id), exit_route_id = COALESCE($6, exit_route_id), updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [call.id, e.to, e.at, e.berthId ?? null, e.entryRouteId ?? null, e.exitRouteId ?? null],
  );
  await q.query(
    'port_calls.event_insert',
    'INSERT INTO port_call_events (port_call_id, type, at, berth_id, route_id) VALUES ($1, $2, $3, $4, $5)',
    [call.id, e.type, e.at, e.berthId ?? null, e.entryRouteId ?? e.exitRouteId ?? null],
  );
  return rows[0] as PortCall;
}

export async function listEvents(q: Queryable, callId: number) {
  return q.query(
    'port_calls.events',
    'SELECT id, type, at, berth_id, route_id, created_at FROM port_call_events WHERE port_call_id = $1 ORDER BY id',
    [callId],
  );
}
