import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { userAuditActions } from '../../../lib/domain/vocabulary.ts';
import { operation } from '../../openapi/operation.ts';
import { pageOf, role, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { auditQuery, changeUser, createUser, resetPassword, userQuery } from './schemas.ts';

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

const auditEntry = z
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

const tag = 'users';
const revokes = 'Bumps the token version: every token the user holds is refused from the next request on.';

export const userPaths: ZodOpenApiPathsObject = {
  '/api/v1/users': {
    get: operation({
      id: 'listUsers',
      summary: 'List users',
      tag,
      access: 'admin',
      query: userQuery,
      ok: { description: 'A page of users.', schema: pageOf(account, 'AccountPage') },
    }),
    post: operation({
      id: 'createUser',
      summary: 'Create a user',
      description: 'Password: 12 to 256 characters. Audited as `create`.',
      tag,
      access: 'admin',
      body: createUser,
      ok: { status: 201, description: 'The new user.', schema: account },
      conflicts: ['duplicate_email'],
    }),
  },
  '/api/v1/users/{id}': {
    get: operation({
      id: 'getUser',
      summary: 'One user',
      tag,
      access: 'admin',
      params: idParams,
      ok: { description: 'The user.', schema: account },
    }),
    patch: operation({
      id: 'changeUser',
      summary: 'Change a role, disable or enable a user',
      description: `${revokes} Audited as \`set_role\`, \`disable\` or \`enable\`; asking for the current state changes nothing. The last enabled admin cannot be demoted or disabled (409 \`last_admin\`).`,
      tag,
      access: 'admin',
      params: idParams,
      body: changeUser,
      ok: { description: 'The changed user.', schema: account },
      conflicts: ['last_admin'],
    }),
  },
  '/api/v1/users/{id}/password': {
    post: operation({
      id: 'resetPassword',
      summary: "Reset a user's password",
      description: `Password: 12 to 256 characters. ${revokes} Audited as \`reset_password\` (the password is never logged).`,
      tag,
      access: 'admin',
      params: idParams,
      body: resetPassword,
      ok: { description: 'The user.', schema: account },
    }),
  },
  '/api/v1/audit-log': {
    get: operation({
      id: 'listAuditLog',
      summary: 'Who changed which account, newest first',
      tag,
      access: 'admin',
      query: auditQuery,
      ok: { description: 'A page of audit entries.', schema: pageOf(auditEntry, 'AuditPage') },
    }),
  },
};
