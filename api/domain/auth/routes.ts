import type { RequestHandler } from 'express';
import { z } from 'zod';
import { unauthorized } from '../../../lib/http/errors.ts';
import { errorBody, timestamp, tokenUser } from '../../openapi/responses.ts';
import { routeTable } from '../../routing/route.ts';
import { login, type LoginDeps } from './login.ts';
import { credentials } from './schemas.ts';

export interface AuthDeps {
  login: LoginDeps;
  /** Failed logins per client address (the API's limiter counts every request besides). */
  loginLimiter: RequestHandler;
}

/** POST /auth/login is public (mounted before authentication); GET /auth/me needs a token. */
export const authRoutes = routeTable<AuthDeps>('auth', (route) => [
  route({
    method: 'post',
    path: '/auth/login',
    id: 'login',
    summary: 'Exchange email and password for a bearer token',
    description:
      'Throttled per (account, client address) pair, unknown accounts exactly like existing ones: past ' +
      '`PORTTRACK_LOGIN_FREE_FAILURES` failures the pair waits 1 s, 2 s, 4 s ... up to `PORTTRACK_LOGIN_MAX_WAIT_SECONDS` ' +
      '(429 `login_throttled` with `Retry-After`); accounts are never locked. Failed attempts per client address are also rate-limited.',
    access: 'public',
    body: credentials,
    ok: {
      description: 'A token for `Authorization: Bearer <token>`.',
      schema: z
        .object({ token: z.string(), expires_at: timestamp, user: tokenUser })
        .meta({ id: 'LoginAnswer' }),
    },
    responses: {
      '401': {
        description: 'Wrong email or password.',
        content: { 'application/json': { schema: errorBody } },
      },
    },
    before: (deps) => [deps.loginLimiter],
    handle: ({ body }, deps, { req }) => login(deps.login, body.email, body.password, req.ip ?? 'unknown'),
  }),
  route({
    method: 'get',
    path: '/auth/me',
    id: 'me',
    summary: "The token's user",
    access: 'read',
    probe: true,
    ok: { description: 'The user.', schema: tokenUser },
    handle: (_input, _deps, { res }) => {
      if (!res.locals.user) throw unauthorized();
      return res.locals.user;
    },
  }),
]);
