import { portCallEventTypes, portCallStatuses } from '../../../lib/domain/vocabulary.ts';
import { z } from 'zod';
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
