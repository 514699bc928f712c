import { z } from 'zod';
import { staffRoles } from '../../../lib/domain/vocabulary.ts';
import { rowId, timestamp } from '../../openapi/responses.ts';
import { id, instant, queryId, page, queryBoolean, strictObject, text } from '../../platform/schemas.ts';

export { staffRoles };

export const createStaff = strictObject({ employee_no: text(32), name: text(120), role: z.enum(staffRoles) });
export const staffQuery = strictObject({
  ...page,
  role: z.enum(staffRoles).optional(),
  active: queryBoolean.optional(),
});

const period = <T extends { starts_at: Date; ends_at: Date }>(v: T) => v.ends_at > v.starts_at;
const periodMessage = { message: 'ends_at must be after starts_at', path: ['ends_at'] };

export const createShift = strictObject({
  name: text(120),
  starts_at: instant,
  ends_at: instant,
  requirements: z.partialRecord(z.enum(staffRoles), z.number().int().min(0).max(1000)).default({}),
}).refine(period, periodMessage);
export const shiftQuery = strictObject({ ...page, at: instant.optional() });
export const rosterEntry = strictObject({ staff_id: id });

export const createAssignment = strictObject({
  staff_id: id,
  port_call_id: id,
  cargo_operation_id: id.optional(),
  starts_at: instant,
  ends_at: instant,
}).refine(period, periodMessage);
export const assignmentQuery = strictObject({
  ...page,
  staff_id: queryId.optional(),
  port_call_id: queryId.optional(),
  at: instant.optional(),
});

export type CreateStaff = z.infer<typeof createStaff>;
export type StaffQuery = z.infer<typeof staffQuery>;
export type CreateShift = z.infer<typeof createShift>;
export type ShiftQuery = z.infer<typeof shiftQuery>;
export type CreateAssignment = z.infer<typeof createAssignment>;
export type AssignmentQuery = z.infer<typeof assignmentQuery>;

// What the API answers.

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
