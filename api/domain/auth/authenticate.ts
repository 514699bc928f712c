import type { NextFunction, Request, Response } from 'express';
import { forbidden, unauthorized } from '../../../lib/http/errors.ts';
import type { ActiveUsers } from './active-users.ts';
import type { TokenSigner, TokenUser, Verified } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Locals {
    user?: TokenUser;
    /** When the credential of this request stops being valid (a stream closes then). */
    credentialExpiresAtMs?: number;
  }
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
export const streamPath = '/positions/stream';
/** A POST, but any role may ask for a stream ticket: it only reads. */
const ticketsPath = '/positions/stream/tickets';

/**
 * Every /api/v1 request but login needs a bearer token; reads accept any role, writes need
 * operator or admin. EventSource cannot send headers, so the stream alone also accepts a
 * short-lived `?ticket=` (POST /positions/stream/tickets); tokens never travel in URLs.
 */
export function authenticate(signer: TokenSigner, active: ActiveUsers) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    let verified: Verified | undefined;
    if (token !== undefined) verified = signer.verifyToken(token);
    else if (req.path === streamPath && typeof req.query.ticket === 'string')
      verified = signer.verifyTicket(req.query.ticket);
    if (!verified) throw unauthorized();
    const { user } = verified;
    if (!readMethods.has(req.method) && req.path !== ticketsPath && user.role === 'viewer')
      throw forbidden('viewers can only read; this needs operator or admin');
    active.seen(user.id);
    res.locals.user = user;
    res.locals.credentialExpiresAtMs = verified.expiresAtMs;
    next();
  };
}
