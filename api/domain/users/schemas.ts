import { z } from 'zod';
import { userAuditActions, userRoles } from '../../../lib/domain/vocabulary.ts';
import { rowId, timestamp } from '../../openapi/responses.ts';
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

// What the API answers.

export const account = z
  .object({
    id: rowId,
    email: z.string(),
    role,
    disabled: z.boolean(),
    token_version: z.number().int().min(1),
    created_at: timestamp,
  })
  .meta({ id: 'Account', description: 'A user as admins see it (never a password or its hash).' });

export const auditEntry = z
  .object({
    id: rowId,
    at: timestamp,
    actor: z.string().meta({
      description:
        "the admin's email, `cli:<os user>` from `npm run users`, or `startup` (bootstrap accounts created, demo accounts removed at start)",
    }),
    actor_user_id: rowId.nullable(),
    action: z.enum(userAuditActions),
    target_user_id: rowId.nullable().meta({ description: 'null once the account was removed' }),
    target_email: z.string(),
    details: z.record(z.string(), z.unknown()).meta({ description: 'e.g. `{from, to}` of a role change' }),
  })
  .meta({ id: 'AuditEntry' });
