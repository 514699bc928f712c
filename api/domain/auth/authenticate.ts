import type { NextFunction, Request, Response } from 'express';
import { forbidden, unauthorized } from '../../../lib/http/errors.ts';
import type { Refusal } from './access.ts';
import type { ActiveUsers } from './active-users.ts';
import type { TokenVersions } from './token-versions.ts';
import type { TokenSigner, TokenUser, Verified } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Locals {
    user?: TokenUser;
    /** The user's token version the credential was signed at (a stream ticket carries it on). */
    tokenVersion?: number;
    /** When the credential of this request stops being valid (a stream closes then). */
    credentialExpiresAtMs?: number;
  }
}

export const streamPath = '/positions/stream';

/**
 * Every /api/v1 request but login needs a bearer token whose token version is still the user's
 * (disabling, re-roling or a password reset revokes older ones); what each role may call is what
 * the route tables declare (access.ts). EventSource cannot send headers, so the stream alone also accepts a short-lived
 * `?ticket=` (POST /positions/stream/tickets); tokens never travel in URLs.
 */
export function authenticate(
  signer: TokenSigner,
  versions: TokenVersions,
  active: ActiveUsers,
  refusal: Refusal,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    let verified: Verified | undefined;
    if (token !== undefined) verified = signer.verifyToken(token);
    else if (req.path === streamPath && typeof req.query.ticket === 'string')
      verified = signer.verifyTicket(req.query.ticket);
    if (!verified) throw unauthorized();
    const { user } = verified;
    if (!(await versions.accepts(user.id, verified.version)))
      throw unauthorized('the token was revoked (account disabled, role or password changed): log in again');
    const refused = refusal(user.role, req.method, req.path);
    if (refused) throw forbidden(refused);
    active.seen(user.id);
    res.locals.user = user;
    res.locals.tokenVersion = verified.version;
    res.locals.credentialExpiresAtMs = verified.expiresAtMs;
    next();
  };
}
