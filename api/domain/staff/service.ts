import { conflict, notFound } from '../../../lib/http/errors.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { findCargoOperation } from '../cargo/store.ts';
import { findPortCall } from '../port-calls/store.ts';
import { openStatuses } from '../port-calls/transitions.ts';
import type {
  AssignmentQuery,
  CreateAssignment,
  CreateShift,
  CreateStaff,
  ShiftQuery,
  StaffQuery,
} from './schemas.ts';
import * as store from './store.ts';

export const listStaff = (db: Db, query: StaffQuery) => store.listStaff(db, query);

export const createStaff = (db: Db, input: CreateStaff) => store.insertStaff(db, input);

export const listShifts = (db: Db, query: ShiftQuery) => store.listShifts(db, query);

export async function createShift(db: Db, input: CreateShift) {
  return db.tx(async (q) => store.findShift(q, await store.insertShift(q, input)));
}

export async function getShift(db: Db, id: number) {
  const shift = await store.findShift(db, id);
  if (!shift) throw notFound(`shift ${id}`);
  return shift;
}

export async function addToRoster(db: Db, shiftId: number, staffId: number) {
  return db.tx(async (q) => {
    if (!(await store.findShift(q, shiftId))) throw notFound(`shift ${shiftId}`);
    await activeStaff(q, staffId);
    await store.addToRoster(q, shiftId, staffId);
    return store.findShift(q, shiftId);
  });
}

export const listAssignments = (db: Db, query: AssignmentQuery) => store.listAssignments(db, query);

/**
 * Assigns a person to a port call (optionally one of its cargo operations). The staff row is
 * locked first, so two concurrent requests for the same person cannot both pass the overlap check.
 */
export async function createAssignment(db: Db, input: CreateAssignment) {
  return db.tx(async (q) => {
    await activeStaff(q, input.staff_id, true);
    const call = await findPortCall(q, input.port_call_id);
    if (!call) throw notFound(`port call ${input.port_call_id}`);
    if (!openStatuses.includes(call.status))
      throw conflict('port_call_closed', `port call ${call.id} is ${call.status}`);
    if (input.cargo_operation_id !== undefined) {
      const op = await findCargoOperation(q, input.cargo_operation_id);
      if (!op) throw notFound(`cargo operation ${input.cargo_operation_id}`);
      if (op.port_call_id !== call.id)
        throw conflict(
          'cargo_operation_mismatch',
          `cargo operation ${op.id} belongs to port call ${op.port_call_id}`,
        );
    }
    const clash = await store.overlappingAssignment(q, input.staff_id, input.starts_at, input.ends_at);
    if (clash !== undefined)
      throw conflict(
        'overlapping_assignment',
        `staff ${input.staff_id} already has assignment ${clash} in that period`,
      );
    return store.insertAssignment(q, input);
  });
}

async function activeStaff(q: Queryable, id: number, lock = false) {
  const staff = await store.findStaff(q, id, lock);
  if (!staff) throw notFound(`staff ${id}`);
  if (!staff.active) throw conflict('staff_inactive', `staff ${id} is not active`);
  return staff;
}
