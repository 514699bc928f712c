import type { NextFunction, Request, Response } from 'express';
import { forbidden, unauthorized } from '../../../lib/http/errors.ts';
import type { ActiveUsers } from './active-users.ts';
import type { TokenSigner, TokenUser } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Locals {
    user?: TokenUser;
  }
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every /api/v1 request but login needs a bearer token; reads accept any role, writes need
 * operator or admin. EventSource cannot send headers, so the stream alone may pass the token
 * as `?access_token=`.
 */
export function authenticate(signer: TokenSigner, active: ActiveUsers) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    let token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (token === undefined && req.path === '/positions/stream' && typeof req.query.access_token === 'string')
      token = req.query.access_token;
    const user = token ? signer.verify(token) : undefined;
    if (!user) throw unauthorized();
    if (!readMethods.has(req.method) && user.role === 'viewer')
      throw forbidden('viewers can only read; this needs operator or admin');
    active.seen(user.id);
    res.locals.user = user;
    next();
  };
}
