import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  cargoCategories,
  cargoDirections,
  cargoStatuses,
  cargoUnits,
} from '../../../lib/domain/vocabulary.ts';
import { operation } from '../../openapi/operation.ts';
import { pageOf, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { cargoProgress, cargoQuery, cargoStatusChange, createCargoOperation } from './schemas.ts';

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

const tag = 'cargo';

export const cargoPaths: ZodOpenApiPathsObject = {
  '/api/v1/cargo-operations': {
    get: operation({
      id: 'listCargoOperations',
      summary: 'List cargo operations',
      tag,
      access: 'read',
      query: cargoQuery,
      ok: {
        description: 'A page of cargo operations.',
        schema: pageOf(cargoOperation, 'CargoOperationPage'),
      },
    }),
    post: operation({
      id: 'createCargoOperation',
      summary: 'Plan a loading or unloading',
      description: 'Starts `planned`; the port call must be open. Quantities have at most two decimals.',
      tag,
      access: 'write',
      body: createCargoOperation,
      notFound: true,
      ok: { status: 201, description: 'The new cargo operation.', schema: cargoOperation },
      conflicts: ['port_call_closed', 'referenced_record'],
    }),
  },
  '/api/v1/cargo-operations/{id}': {
    get: operation({
      id: 'getCargoOperation',
      summary: 'One cargo operation',
      tag,
      access: 'read',
      params: idParams,
      ok: { description: 'The cargo operation.', schema: cargoOperation },
    }),
    patch: operation({
      id: 'changeCargoStatus',
      summary: 'Move a cargo operation to another status',
      description:
        'planned -> in_progress/cancelled; in_progress -> stalled/completed/cancelled; stalled -> in_progress/cancelled.',
      tag,
      access: 'write',
      params: idParams,
      body: cargoStatusChange,
      ok: { description: 'The changed cargo operation.', schema: cargoOperation },
      conflicts: ['invalid_transition'],
    }),
  },
  '/api/v1/cargo-operations/{id}/progress': {
    post: operation({
      id: 'recordCargoProgress',
      summary: 'Record handled quantity',
      description:
        'Moves planned/stalled to `in_progress` and completes at the full quantity; more than what remains is `exceeds_quantity`.',
      tag,
      access: 'write',
      params: idParams,
      body: cargoProgress,
      ok: { description: 'The updated cargo operation.', schema: cargoOperation },
      conflicts: ['invalid_transition', 'exceeds_quantity'],
    }),
  },
};
