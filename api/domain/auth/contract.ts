import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../openapi/operation.ts';
import { errorBody, timestamp, tokenUser } from '../../openapi/responses.ts';
import { credentials } from './schemas.ts';

const tag = 'auth';

export const authPaths: ZodOpenApiPathsObject = {
  '/api/v1/auth/login': {
    post: operation({
      id: 'login',
      summary: 'Exchange email and password for a bearer token',
      description:
        'Throttled per (account, client address) pair, unknown accounts exactly like existing ones: past ' +
        '`PORTTRACK_LOGIN_FREE_FAILURES` failures the pair waits 1 s, 2 s, 4 s ... up to `PORTTRACK_LOGIN_MAX_WAIT_SECONDS` ' +
        '(429 `login_throttled` with `Retry-After`); accounts are never locked. Failed attempts per client address are also rate-limited.',
      tag,
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
    }),
  },
  '/api/v1/auth/me': {
    get: operation({
      id: 'me',
      summary: "The token's user",
      tag,
      access: 'read',
      probe: true,
      ok: { description: 'The user.', schema: tokenUser },
    }),
  },
};
