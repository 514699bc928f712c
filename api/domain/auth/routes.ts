import type { RequestHandler } from 'express';
import { unauthorized } from '../../../lib/http/errors.ts';
import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import { login, type LoginDeps } from './login.ts';
import { credentials } from './schemas.ts';

/** POST /auth/login sits before authentication; GET /auth/me after it. */
export function loginRoute(api: ApiRouter, deps: LoginDeps, rateLimit: RequestHandler): void {
  api.post('/auth/login', rateLimit, async (req, res) => {
    const { email, password } = validate('body', credentials, req.body);
    res.json(await login(deps, email, password, req.ip ?? 'unknown'));
  });
}

export function meRoute(api: ApiRouter): void {
  api.get('/auth/me', (_req, res) => {
    if (!res.locals.user) throw unauthorized();
    res.json(res.locals.user);
  });
}
