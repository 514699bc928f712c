import { z } from 'zod';
import {
  cargoCategories,
  cargoDirections,
  cargoStatuses,
  cargoUnits,
  type CargoStatus,
} from '../../../lib/domain/vocabulary.ts';
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
