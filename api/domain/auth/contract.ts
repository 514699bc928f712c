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
        'Failures are counted per account: after `PORTTRACK_LOGIN_MAX_FAILURES` the account is locked for ' +
        '`PORTTRACK_LOGIN_LOCK_SECONDS` (429 `account_locked`); failed attempts per client IP are also rate-limited.',
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
      ok: { description: 'The user.', schema: tokenUser },
    }),
  },
};
