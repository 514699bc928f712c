import type { Counter } from 'prom-client';
import { pageOf } from '../../openapi/responses.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { routeTable } from '../../routing/route.ts';
import {
  cargoOperation,
  cargoProgress,
  cargoQuery,
  cargoStatusChange,
  createCargoOperation,
} from './schemas.ts';
import * as cargo from './service.ts';

export interface CargoDeps {
  db: Db;
  /** porttrack_cargo_operations_completed_total */
  cargoCompleted: Counter<'category'>;
}

export const cargoRoutes = routeTable<CargoDeps>('cargo', (route) => [
  route({
    method: 'get',
    path: '/cargo-operations',
    id: 'listCargoOperations',
    summary: 'List cargo operations',
    access: 'read',
    query: cargoQuery,
    ok: { description: 'A page of cargo operations.', schema: pageOf(cargoOperation, 'CargoOperationPage') },
    handle: ({ query }, { db }) => cargo.listCargoOperations(db, query),
  }),
  route({
    method: 'post',
    path: '/cargo-operations',
    id: 'createCargoOperation',
    summary: 'Plan a loading or unloading',
    description: 'Starts `planned`; the port call must be open. Quantities have at most two decimals.',
    access: 'write',
    body: createCargoOperation,
    notFound: true,
    ok: { status: 201, description: 'The new cargo operation.', schema: cargoOperation },
    conflicts: ['port_call_closed', 'referenced_record'],
    handle: ({ body }, { db }) => cargo.createCargoOperation(db, body),
  }),
  route({
    method: 'get',
    path: '/cargo-operations/:id',
    id: 'getCargoOperation',
    summary: 'One cargo operation',
    access: 'read',
    params: idParams,
    ok: { description: 'The cargo operation.', schema: cargoOperation },
    handle: ({ params }, { db }) => cargo.getCargoOperation(db, params.id),
  }),
  route({
    method: 'patch',
    path: '/cargo-operations/:id',
    id: 'changeCargoStatus',
    summary: 'Move a cargo operation to another status',
    description:
      'planned -> in_progress/cancelled; in_progress -> stalled/completed/cancelled; stalled -> in_progress/cancelled.',
    access: 'write',
    params: idParams,
    body: cargoStatusChange,
    ok: { description: 'The changed cargo operation.', schema: cargoOperation },
    conflicts: ['invalid_transition'],
    handle: ({ params, body }, { db, cargoCompleted }) =>
      cargo.changeStatus(db, cargoCompleted, params.id, body.status),
  }),
  route({
    method: 'post',
    path: '/cargo-operations/:id/progress',
    id: 'recordCargoProgress',
    summary: 'Record handled quantity',
    description:
      'Moves planned/stalled to `in_progress` and completes at the full quantity; more than what remains is `exceeds_quantity`.',
    access: 'write',
    params: idParams,
    body: cargoProgress,
    ok: { description: 'The updated cargo operation.', schema: cargoOperation },
    conflicts: ['invalid_transition', 'exceeds_quantity'],
    handle: ({ params, body }, { db, cargoCompleted }) =>
      cargo.recordProgress(db, cargoCompleted, params.id, body.quantity_delta, body.at),
  }),
]);
