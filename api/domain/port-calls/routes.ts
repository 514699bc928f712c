import type { Counter } from 'prom-client';
import { pageOf } from '../../openapi/responses.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { routeTable } from '../../routing/route.ts';
import { createPortCall, portCall, portCallEvent, portCallQuery, portCallWithEvents } from './schemas.ts';
import * as portCalls from './service.ts';

export interface PortCallDeps {
  db: Db;
  /** porttrack_port_call_events_total */
  portCallEvents: Counter<'type'>;
}

export const portCallRoutes = routeTable<PortCallDeps>('port-calls', (route) => [
  route({
    method: 'get',
    path: '/port-calls',
    id: 'listPortCalls',
    summary: 'List port calls',
    access: 'read',
    query: portCallQuery,
    ok: { description: 'A page of port calls.', schema: pageOf(portCall, 'PortCallPage') },
    handle: ({ query }, { db }) => portCalls.listPortCalls(db, query),
  }),
  route({
    method: 'post',
    path: '/port-calls',
    id: 'createPortCall',
    summary: 'Announce a port call',
    description: 'Starts `expected`. A planned berth must take the vessel (`vessel_too_long`).',
    access: 'write',
    body: createPortCall,
    notFound: true,
    ok: { status: 201, description: 'The new port call.', schema: portCall },
    conflicts: ['vessel_has_open_port_call', 'vessel_not_active', 'vessel_too_long', 'referenced_record'],
    handle: ({ body }, { db }) => portCalls.createPortCall(db, body),
  }),
  route({
    method: 'get',
    path: '/port-calls/:id',
    id: 'getPortCall',
    summary: 'One port call with its events',
    access: 'read',
    params: idParams,
    ok: { description: 'The port call and its events, oldest first.', schema: portCallWithEvents },
    handle: ({ params }, { db }) => portCalls.getPortCall(db, params.id),
  }),
  route({
    method: 'post',
    path: '/port-calls/:id/events',
    id: 'recordPortCallEvent',
    summary: 'Record an arrival, berthing, departure or cancellation',
    description:
      '`expected -> at_anchorage (arrived) -> berthed -> departed`; `cancelled` from expected or at_anchorage. ' +
      '`berthed` takes `berth_id` or the planned berth; `route_id` on `arrived`/`departed` sets the entry/exit route, which must be open.',
    access: 'write',
    params: idParams,
    body: portCallEvent,
    ok: { status: 201, description: 'The updated port call.', schema: portCall },
    conflicts: [
      'invalid_transition',
      'event_out_of_order',
      'berth_required',
      'berth_occupied',
      'vessel_too_long',
      'route_closed',
      'vessel_has_open_port_call',
      'referenced_record',
    ],
    handle: ({ params, body }, { db, portCallEvents }) =>
      portCalls.recordEvent(db, portCallEvents, params.id, body),
  }),
]);
