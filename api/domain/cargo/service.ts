import type { Counter } from 'prom-client';
import { conflict, notFound } from '../../../lib/http/errors.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { openStatuses } from '../port-calls/transitions.ts';
import { findPortCall } from '../port-calls/store.ts';
import { nextStatuses, type CargoQuery, type CargoStatus, type CreateCargoOperation } from './schemas.ts';
import * as store from './store.ts';

export const listCargoOperations = (db: Db, query: CargoQuery) => store.listCargoOperations(db, query);

export async function getCargoOperation(db: Db, id: number) {
  return (await store.findCargoOperation(db, id)) ?? missing(id);
}

export async function createCargoOperation(db: Db, input: CreateCargoOperation) {
  return db.tx(async (q) => {
    const call = await findPortCall(q, input.port_call_id);
    if (!call) throw notFound(`port call ${input.port_call_id}`);
    if (!openStatuses.includes(call.status))
      throw conflict('port_call_closed', `port call ${call.id} is ${call.status}; cargo needs an open call`);
    return store.insertCargoOperation(q, input);
  });
}

/** Progress moves planned/stalled to in_progress and completes the operation at the full quantity. */
export async function recordProgress(
  db: Db,
  completed: Counter<'category'>,
  id: number,
  delta: number,
  at = new Date(),
) {
  const op = await db.tx(async (q) => {
    const current = await locked(q, id);
    if (!['planned', 'in_progress', 'stalled'].includes(current.status))
      throw conflict('invalid_transition', `a ${current.status} cargo operation takes no progress`);
    if (current.quantity_done + delta > current.quantity + 1e-9)
      throw conflict(
        'exceeds_quantity',
        `only ${current.quantity - current.quantity_done} ${current.unit} remain`,
      );
    return store.addProgress(q, id, delta, at);
  });
  if (op.status === 'completed') completed.inc({ category: op.category });
  return op;
}

export async function changeStatus(db: Db, completed: Counter<'category'>, id: number, status: CargoStatus) {
  const op = await db.tx(async (q) => {
    const current = await locked(q, id);
    if (!nextStatuses[current.status].includes(status))
      throw conflict('invalid_transition', `a ${current.status} cargo operation cannot become ${status}`);
    return store.setCargoStatus(q, id, status);
  });
  if (status === 'completed') completed.inc({ category: op.category });
  return op;
}

async function locked(q: Queryable, id: number) {
  return (await store.findCargoOperation(q, id, true)) ?? missing(id);
}

function missing(id: number): never {
  throw notFound(`cargo operation ${id}`);
}
