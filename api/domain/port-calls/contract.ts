import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { portCallEventTypes, portCallStatuses } from '../../../lib/domain/vocabulary.ts';
import { operation } from '../../openapi/operation.ts';
import { pageOf, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { createPortCall, portCallEvent, portCallQuery } from './schemas.ts';

export const portCall = z
  .object({
    id: rowId,
    vessel_id: rowId,
    status: z.enum(portCallStatuses),
    eta: timestamp,
    berth_id: rowId.nullable(),
    entry_route_id: rowId.nullable(),
    exit_route_id: rowId.nullable(),
    arrived_at: timestamp.nullable(),
    berthed_at: timestamp.nullable(),
    departed_at: timestamp.nullable(),
    cancelled_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'PortCall' });

const recordedEvent = z
  .object({
    id: rowId,
    type: z.enum(portCallEventTypes),
    at: timestamp,
    berth_id: rowId.nullable(),
    route_id: rowId.nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'PortCallEventRecord' });

const portCallWithEvents = portCall
  .extend({ events: z.array(recordedEvent) })
  .meta({ id: 'PortCallWithEvents' });

const tag = 'port-calls';

export const portCallPaths: ZodOpenApiPathsObject = {
  '/api/v1/port-calls': {
    get: operation({
      id: 'listPortCalls',
      summary: 'List port calls',
      tag,
      access: 'read',
      query: portCallQuery,
      ok: { description: 'A page of port calls.', schema: pageOf(portCall, 'PortCallPage') },
    }),
    post: operation({
      id: 'createPortCall',
      summary: 'Announce a port call',
      description: 'Starts `expected`. A planned berth must take the vessel (`vessel_too_long`).',
      tag,
      access: 'write',
      body: createPortCall,
      notFound: true,
      ok: { status: 201, description: 'The new port call.', schema: portCall },
      conflicts: ['vessel_has_open_port_call', 'vessel_not_active', 'vessel_too_long', 'referenced_record'],
    }),
  },
  '/api/v1/port-calls/{id}': {
    get: operation({
      id: 'getPortCall',
      summary: 'One port call with its events',
      tag,
      access: 'read',
      params: idParams,
      ok: { description: 'The port call and its events, oldest first.', schema: portCallWithEvents },
    }),
  },
  '/api/v1/port-calls/{id}/events': {
    post: operation({
      id: 'recordPortCallEvent',
      summary: 'Record an arrival, berthing, departure or cancellation',
      description:
        '`expected -> at_anchorage (arrived) -> berthed -> departed`; `cancelled` from expected or at_anchorage. ' +
        '`berthed` takes `berth_id` or the planned berth; `route_id` on `arrived`/`departed` sets the entry/exit route, which must be open.',
      tag,
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
    }),
  },
};
