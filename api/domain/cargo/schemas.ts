import { z } from 'zod';
import {
  cargoCategories,
  cargoDirections,
  cargoStatuses,
  cargoUnits,
  type CargoStatus,
} from '../../../lib/domain/vocabulary.ts';
import { rowId, timestamp } from '../../openapi/responses.ts';
import { id, instant, queryId, page, strictObject } from '../../platform/schemas.ts';

export { cargoStatuses, type CargoStatus };

const quantity = z.number().positive().max(1_000_000_000).multipleOf(0.01, 'at most two decimals');

export const createCargoOperation = strictObject({
  port_call_id: id,
  direction: z.enum(cargoDirections),
  category: z.enum(cargoCategories),
  quantity,
  unit: z.enum(cargoUnits),
});
export const cargoProgress = strictObject({ quantity_delta: quantity, at: instant.optional() });
export const cargoStatusChange = strictObject({
  status: z.enum(['in_progress', 'stalled', 'completed', 'cancelled']),
});
export const cargoQuery = strictObject({
  ...page,
  status: z.enum(cargoStatuses).optional(),
  category: z.enum(cargoCategories).optional(),
  port_call_id: queryId.optional(),
});

/** Which status may follow which; completed and cancelled are final. */
export const nextStatuses: Record<CargoStatus, readonly CargoStatus[]> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['stalled', 'completed', 'cancelled'],
  stalled: ['in_progress', 'cancelled'],
  completed: [],
  cancelled: [],
};

export type CreateCargoOperation = z.infer<typeof createCargoOperation>;
export type CargoQuery = z.infer<typeof cargoQuery>;

/** A cargo operation as the API answers it. */
export const cargoOperation = z
  .object({
    id: rowId,
    port_call_id: rowId,
    direction: z.enum(cargoDirections),
    category: z.enum(cargoCategories),
    unit: z.enum(cargoUnits),
    quantity: z.number(),
    quantity_done: z.number(),
    status: z.enum(cargoStatuses),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    last_progress_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'CargoOperation' });
