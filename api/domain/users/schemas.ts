import { z } from 'zod';
import { userRoles } from '../../../lib/domain/vocabulary.ts';
import { page, queryId, strictObject } from '../../platform/schemas.ts';

/** A password an admin sets: long enough to resist guessing, bounded because scrypt's cost grows with it. */
export const newPassword = z.string().min(12, 'at least 12 characters').max(256);
export const email = z
  .email()
  .max(254)
  .transform((s) => s.toLowerCase());
export const role = z.enum(userRoles);

export const createUser = strictObject({ email, role, password: newPassword });
export const changeUser = strictObject({
  role: role.optional(),
  disabled: z.boolean().optional(),
}).refine((c) => c.role !== undefined || c.disabled !== undefined, 'send role, disabled or both');
export const resetPassword = strictObject({ password: newPassword });
export const userQuery = strictObject({ ...page });
export const auditQuery = strictObject({ ...page, target_user_id: queryId.optional() });

export type CreateUser = z.infer<typeof createUser>;
export type ChangeUser = z.infer<typeof changeUser>;
export type AuditQuery = z.infer<typeof auditQuery>;
