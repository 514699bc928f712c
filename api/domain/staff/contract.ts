import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { staffRoles } from '../../../lib/domain/vocabulary.ts';
import { operation } from '../../openapi/operation.ts';
import { pageOf, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  assignmentQuery,
  createAssignment,
  createShift,
  createStaff,
  rosterEntry,
  shiftQuery,
  staffQuery,
} from './schemas.ts';

export const staffMember = z
  .object({
    id: rowId,
    employee_no: z.string(),
    name: z.string(),
    role: z.enum(staffRoles),
    active: z.boolean(),
    created_at: timestamp,
  })
  .meta({ id: 'StaffMember' });

export const shift = z
  .object({
    id: rowId,
    name: z.string(),
    starts_at: timestamp,
    ends_at: timestamp,
    requirements: z.partialRecord(z.enum(staffRoles), z.number().int().min(0)),
    staff_ids: z.array(rowId).meta({ description: 'The roster, ascending.' }),
  })
  .meta({ id: 'Shift' });

export const assignment = z
  .object({
    id: rowId,
    staff_id: rowId,
    port_call_id: rowId,
    cargo_operation_id: rowId.nullable(),
    starts_at: timestamp,
    ends_at: timestamp,
    created_at: timestamp,
  })
  .meta({ id: 'Assignment' });

const tag = 'staff';

export const staffPaths: ZodOpenApiPathsObject = {
  '/api/v1/staff': {
    get: operation({
      id: 'listStaff',
      summary: 'List port staff',
      tag,
      access: 'read',
      query: staffQuery,
      ok: { description: 'A page of staff.', schema: pageOf(staffMember, 'StaffPage') },
    }),
    post: operation({
      id: 'createStaff',
      summary: 'Add a staff member',
      tag,
      access: 'write',
      body: createStaff,
      ok: { status: 201, description: 'The new staff member.', schema: staffMember },
      conflicts: ['duplicate_employee_no'],
    }),
  },
  '/api/v1/shifts': {
    get: operation({
      id: 'listShifts',
      summary: 'List shifts',
      description: '`at` lists the shifts covering that instant.',
      tag,
      access: 'read',
      query: shiftQuery,
      ok: { description: 'A page of shifts.', schema: pageOf(shift, 'ShiftPage') },
    }),
    post: operation({
      id: 'createShift',
      summary: 'Plan a shift',
      tag,
      access: 'write',
      body: createShift,
      ok: { status: 201, description: 'The new shift.', schema: shift },
    }),
  },
  '/api/v1/shifts/{id}': {
    get: operation({
      id: 'getShift',
      summary: 'One shift with its requirements and roster',
      tag,
      access: 'read',
      params: idParams,
      ok: { description: 'The shift.', schema: shift },
    }),
  },
  '/api/v1/shifts/{id}/staff': {
    post: operation({
      id: 'addToRoster',
      summary: 'Put a staff member on a shift',
      tag,
      access: 'write',
      params: idParams,
      body: rosterEntry,
      ok: { status: 201, description: 'The shift with its new roster.', schema: shift },
      conflicts: ['already_on_roster', 'staff_inactive', 'referenced_record'],
    }),
  },
  '/api/v1/assignments': {
    get: operation({
      id: 'listAssignments',
      summary: 'List assignments',
      tag,
      access: 'read',
      query: assignmentQuery,
      ok: { description: 'A page of assignments.', schema: pageOf(assignment, 'AssignmentPage') },
    }),
    post: operation({
      id: 'createAssignment',
      summary: 'Assign a person to a port call',
      description:
        'Touching periods do not overlap; the cargo operation, if given, must belong to the port call.',
      tag,
      access: 'write',
      body: createAssignment,
      notFound: true,
      ok: { status: 201, description: 'The new assignment.', schema: assignment },
      conflicts: [
        'overlapping_assignment',
        'port_call_closed',
        'staff_inactive',
        'cargo_operation_mismatch',
        'referenced_record',
      ],
    }),
  },
};
