import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer-token check for everything but the probes: Alertmanager sends the token from its
 * `authorization.credentials_file`, the deploy workflow from its secret. Compared in constant time.
 */
export function requireBearer(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = header.match(/^Bearer\s+(.+)$/i);
    if (!match) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'missing bearer token' });
      return;
    }
    if (!timingSafeEqual(digest(match[1]!.trim()), expected)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer error="invalid_token"')
        .json({ error: 'invalid bearer token' });
      return;
    }
    next();
  };
}
