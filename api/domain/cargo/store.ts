import type { Queryable } from '../../platform/db.ts';
import { Filters, findById, listPage } from '../../platform/sql.ts';
import type { CargoQuery, CargoStatus, CreateCargoOperation } from './schemas.ts';

export interface CargoOperation {
  id: number;
  port_call_id: number;
  direction: string;
  category: string;
  unit: string;
  quantity: number;
  quantity_done: number;
  status: CargoStatus;
  started_at: Date | null;
  completed_at: Date | null;
  last_progress_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'id, port_call_id, direction, category, unit, quantity, quantity_done, status, started_at, completed_at, last_progress_at, created_at, updated_at';

export function listCargoOperations(q: Queryable, query: CargoQuery) {
  const filters = new Filters()
    .add('status = $?', query.status)
    .add('category = $?', query.category)
    .add('port_call_id = $?', query.port_call_id);
  return listPage<CargoOperation>(q, filters, {
    operation: 'cargo.list',
    columns,
    from: 'cargo_operations',
    orderBy: 'id DESC',
    limit: query.limit,
    offset: query.offset,
  });
}

export function findCargoOperation(
  q: Queryable,
  id: number,
  lock = false,
): Promise<CargoOperation | undefined> {
  return findById<CargoOperation>(q, 'cargo.get', { columns: columns, from: 'cargo_operations' }, id, lock);
}

export async function insertCargoOperation(q: Queryable, c: CreateCargoOperation): Promise<CargoOperation> {
  const rows = await q.query<CargoOperation>(
    'cargo.insert',
    `INSERT INTO cargo_operations (port_call_id, direction, category, quantity, unit) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [c.port_call_id, c.direction, c.category, c.quantity, c.unit],
  );
  return rows[0] as CargoOperation;
}

/** Adds progress and moves the status in one statement; completes at the full quantity. */
export async function addProgress(
  q: Queryable,
  id: number,
  delta: number,
  at: Date,
): Promise<CargoOperation> {
  await q.query(
    'cargo.progress_insert',
    'INSERT INTO cargo_progress (cargo_operation_id, quantity_delta, at) VALUES ($1, $2, $3)',
    [id, delta, at],
  );
  const rows = await q.query<CargoOperation>(
    'cargo.progress_update',
    `UPDATE cargo_operations SET quantity_done = quantity_done + $2,
       status = CASE WHEN quantity_done + $2 >= quantity THEN 'completed' ELSE 'in_progress' END,
       completed_at = CASE WHEN quantity_done + $2 >= quantity THEN $3 ELSE completed_at END,
       started_at = COALESCE(started_at, $3), last_progress_at = $3, updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [id, delta, at],
  );
  return rows[0] as CargoOperation;
}

export async function setCargoStatus(q: Queryable, id: number, status: CargoStatus): Promise<CargoOperation> {
  const rows = await q.query<CargoOperation>(
    'cargo.set_status',
    `UPDATE cargo_operations SET status = $2,
       started_at = CASE WHEN $2 = 'in_progress' THEN COALESCE(started_at, now()) ELSE started_at END,
       completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END, updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [id, status],
  );
  return rows[0] as CargoOperation;
}
