import type { Response } from 'express';
import { unauthorized } from '../../../lib/http/errors.ts';
import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import { idParams } from '../../platform/schemas.ts';
import { type Actor, listAudit } from './audit.ts';
import { auditQuery, changeUser, createUser, resetPassword, userQuery } from './schemas.ts';
import * as users from './service.ts';

/** The admin making the request (authenticate.ts lets only admins reach these routes). */
function actorOf(res: Response): Actor {
  const user = res.locals.user;
  if (!user) throw unauthorized();
  return { name: user.email, userId: user.id };
}

export function userRoutes(api: ApiRouter, deps: users.UserAdminDeps): void {
  api.get('/users', async (req, res) => {
    const { limit, offset } = validate('query', userQuery, req.query);
    res.json(await users.listUsers(deps, limit, offset));
  });
  api.post('/users', async (req, res) => {
    res.status(201).json(await users.createUser(deps, actorOf(res), validate('body', createUser, req.body)));
  });
  api.get('/users/:id', async (req, res) => {
    res.json(await users.getUser(deps, validate('params', idParams, req.params).id));
  });
  api.patch('/users/:id', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    res.json(await users.changeUser(deps, actorOf(res), id, validate('body', changeUser, req.body)));
  });
  api.post('/users/:id/password', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    const { password } = validate('body', resetPassword, req.body);
    res.json(await users.resetPassword(deps, actorOf(res), id, password));
  });
  api.get('/audit-log', async (req, res) => {
    res.json(await listAudit(deps.db, validate('query', auditQuery, req.query)));
  });
}
