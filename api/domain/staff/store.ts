import type { Queryable } from '../../platform/db.ts';
import { Filters, findById, listPage } from '../../platform/sql.ts';
import type {
  AssignmentQuery,
  CreateAssignment,
  CreateShift,
  CreateStaff,
  ShiftQuery,
  StaffQuery,
} from './schemas.ts';

export interface Staff {
  id: number;
  employee_no: string;
  name: string;
  role: string;
  active: boolean;
  created_at: Date;
}

const staffColumns = 'id, employee_no, name, role, active, created_at';

export function listStaff(q: Queryable, query: StaffQuery) {
  const filters = new Filters().add('role = $?', query.role).add('active = $?', query.active);
  return listPage<Staff>(q, filters, {
    operation: 'staff.list',
    columns: staffColumns,
    from: 'staff',
    orderBy: 'id',
    limit: query.limit,
    offset: query.offset,
  });
}

export function findStaff(q: Queryable, id: number, lock = false): Promise<Staff | undefined> {
  return findById<Staff>(q, 'staff.get', { columns: staffColumns, from: 'staff' }, id, lock);
}

export async function insertStaff(q: Queryable, s: CreateStaff): Promise<Staff> {
  const rows = await q.query<Staff>(
    'staff.insert',
    `INSERT INTO staff (employee_no, name, role) VALUES ($1, $2, $3) RETURNING ${staffColumns}`,
    [s.employee_no, s.name, s.role],
  );
  return rows[0] as Staff;
}

// A shift with its requirements ({role: count}) and roster (staff ids), in one row.
const shiftColumns = `id, name, starts_at, ends_at,
  COALESCE((SELECT jsonb_object_agg(role, required) FROM shift_requirements r WHERE r.shift_id = shifts.id), '{}') AS requirements,
  COALESCE((SELECT jsonb_agg(staff_id ORDER BY staff_id) FROM shift_staff s WHERE s.shift_id = shifts.id), '[]') AS staff_ids`;

export function listShifts(q: Queryable, query: ShiftQuery) {
  const filters = new Filters().add('starts_at <= $? ', query.at).add('ends_at > $?', query.at);
  return listPage(q, filters, {
    operation: 'shifts.list',
    columns: shiftColumns,
    from: 'shifts',
    orderBy: 'starts_at, id',
    limit: query.limit,
    offset: query.offset,
  });
}

export async function findShift(q: Queryable, id: number) {
  const rows = await q.query('shifts.get', `SELECT ${shiftColumns} FROM shifts WHERE id = $1`, [id]);
  return rows[0];
}

export async function insertShift(q: Queryable, s: CreateShift): Promise<number> {
  const rows = await q.query<{ id: number }>(
    'shifts.insert',
    'INSERT INTO shifts (name, starts_at, ends_at) VALUES ($1, $2, $3) RETURNING id',
    [s.name, s.starts_at, s.ends_at],
  );
  const id = (rows[0] as { id: number }).id;
  const roles = Object.keys(s.requirements);
  if (roles.length)
    await q.query(
      'shifts.requirements_insert',
      'INSERT INTO shift_requirements (shift_id, role, required) SELECT $1, * FROM unnest($2::text[], $3::int[])',
      [id, roles, roles.map((r) => s.requirements[r as keyof typeof s.requirements])],
    );
  return id;
}

export async function addToRoster(q: Queryable, shiftId: number, staffId: number): Promise<void> {
  await q.query('shifts.roster_insert', 'INSERT INTO shift_staff (shift_id, staff_id) VALUES ($1, $2)', [
    shiftId,
    staffId,
  ]);
}

export interface Assignment {
  id: number;
  staff_id: number;
  port_call_id: number;
  cargo_operation_id: number | null;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
}

const assignmentColumns = 'id, staff_id, port_call_id, cargo_operation_id, starts_at, ends_at, created_at';

export function listAssignments(q: Queryable, query: AssignmentQuery) {
  const filters = new Filters()
    .add('staff_id = $?', query.staff_id)
    .add('port_call_id = $?', query.port_call_id)
    .add('starts_at <= $?', query.at)
    .add('ends_at > $?', query.at);
  return listPage<Assignment>(q, filters, {
    operation: 'assignments.list',
    columns: assignmentColumns,
    from: 'assignments',
    orderBy: 'starts_at, id',
    limit: query.limit,
    offset: query.offset,
  });
}

/** Id of one of this person's assignments that overlaps [starts, ends), if any. */
export async function overlappingAssignment(q: Queryable, staffId: number, starts: Date, ends: Date) {
  const rows = await q.query<{ id: number }>(
    'assignments.overlap',
    'SELECT id FROM assignments WHERE staff_id = $1 AND starts_at < $3 AND ends_at > $2 LIMIT 1',
    [staffId, starts, ends],
  );
  return rows[0]?.id;
}

export async function insertAssignment(q: Queryable, a: CreateAssignment): Promise<Assignment> {
  const rows = await q.query<Assignment>(
    'assignments.insert',
    `INSERT INTO assignments (staff_id, port_call_id, cargo_operation_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${assignmentColumns}`,
    [a.staff_id, a.port_call_id, a.cargo_operation_id ?? null, a.starts_at, a.ends_at],
  );
  return rows[0] as Assignment;
}
