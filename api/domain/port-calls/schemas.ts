import { z } from 'zod';
import { portCallEventTypes, portCallStatuses } from '../../../lib/domain/vocabulary.ts';
import { rowId, timestamp } from '../../openapi/responses.ts';
import { id, instant, queryId, page, strictObject } from '../../platform/schemas.ts';

export { portCallStatuses };
export type PortCallStatus = (typeof portCallStatuses)[number];
export type EventType = (typeof portCallEventTypes)[number];

export const createPortCall = strictObject({
  vessel_id: id,
  eta: instant,
  berth_id: id.optional(),
  entry_route_id: id.optional(),
  exit_route_id: id.optional(),
});
export const portCallEvent = strictObject({
  type: z.enum(portCallEventTypes),
  at: instant,
  berth_id: id.optional(),
  route_id: id.optional(),
});
export const portCallQuery = strictObject({
  ...page,
  status: z.enum(portCallStatuses).optional(),
  vessel_id: queryId.optional(),
  berth_id: queryId.optional(),
});

export type CreatePortCall = z.infer<typeof createPortCall>;
export type PortCallEvent = z.infer<typeof portCallEvent>;
export type PortCallQuery = z.infer<typeof portCallQuery>;

/** A port call as the API answers it. */
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

export const portCallWithEvents = portCall
  .extend({ events: z.array(recordedEvent) })
  .meta({ id: 'PortCallWithEvents' });
