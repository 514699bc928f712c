import type { RequestHandler } from 'express';
import { z } from 'zod';
import { unauthorized } from '../../../lib/http/errors.ts';
import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import { strictObject } from '../../platform/schemas.ts';
import { login, type LoginDeps } from './login.ts';

const credentials = strictObject({
  email: z.email().max(254),
  // Bounded: scrypt's cost grows with the input and an attacker chooses it.
  password: z.string().min(1).max(256),
});

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
