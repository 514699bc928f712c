import type { Response } from 'express';
import { unauthorized } from '../../../lib/http/errors.ts';
import { pageOf } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { routeTable } from '../../routing/route.ts';
import type { Actor } from './audit.ts';
import {
  account,
  auditEntry,
  auditQuery,
  changeUser,
  createUser,
  resetPassword,
  userQuery,
} from './schemas.ts';
import * as users from './service.ts';

/** The admin making the request (the route table lets only admins reach these routes). */
function actorOf(res: Response): Actor {
  const user = res.locals.user;
  if (!user) throw unauthorized();
  return { name: user.email, userId: user.id };
}

const revokes = 'Bumps the token version: every token the user holds is refused from the next request on.';

export const userRoutes = routeTable<{ userAdmin: users.UserAdminDeps }>('users', (route) => [
  route({
    method: 'get',
    path: '/users',
    id: 'listUsers',
    summary: 'List users',
    access: 'admin',
    query: userQuery,
    ok: { description: 'A page of users.', schema: pageOf(account, 'AccountPage') },
    handle: ({ query }, { userAdmin }) => users.listUsers(userAdmin, query.limit, query.offset),
  }),
  route({
    method: 'post',
    path: '/users',
    id: 'createUser',
    summary: 'Create a user',
    description: 'Password: 12 to 256 characters. Audited as `create`.',
    access: 'admin',
    body: createUser,
    ok: { status: 201, description: 'The new user.', schema: account },
    conflicts: ['duplicate_email'],
    handle: ({ body }, { userAdmin }, { res }) => users.createUser(userAdmin, actorOf(res), body),
  }),
  route({
    method: 'get',
    path: '/users/:id',
    id: 'getUser',
    summary: 'One user',
    access: 'admin',
    params: idParams,
    ok: { description: 'The user.', schema: account },
    handle: ({ params }, { userAdmin }) => users.getUser(userAdmin, params.id),
  }),
  route({
    method: 'patch',
    path: '/users/:id',
    id: 'changeUser',
    summary: 'Change a role, disable or enable a user',
    description: `${revokes} Audited as \`set_role\`, \`disable\` or \`enable\`; asking for the current state changes nothing. The last enabled admin cannot be demoted or disabled (409 \`last_admin\`).`,
    access: 'admin',
    params: idParams,
    body: changeUser,
    ok: { description: 'The changed user.', schema: account },
    conflicts: ['last_admin'],
    handle: ({ params, body }, { userAdmin }, { res }) =>
      users.changeUser(userAdmin, actorOf(res), params.id, body),
  }),
  route({
    method: 'post',
    path: '/users/:id/password',
    id: 'resetPassword',
    summary: "Reset a user's password",
    description: `Password: 12 to 256 characters. ${revokes} Audited as \`reset_password\` (the password is never logged).`,
    access: 'admin',
    params: idParams,
    body: resetPassword,
    ok: { description: 'The user.', schema: account },
    handle: ({ params, body }, { userAdmin }, { res }) =>
      users.resetPassword(userAdmin, actorOf(res), params.id, body.password),
  }),
  route({
    method: 'get',
    path: '/audit-log',
    id: 'listAuditLog',
    summary: 'Who changed which account, newest first',
    access: 'admin',
    query: auditQuery,
    ok: { description: 'A page of audit entries.', schema: pageOf(auditEntry, 'AuditPage') },
    handle: ({ query }, { userAdmin }) => users.listAuditLog(userAdmin, query),
  }),
]);
