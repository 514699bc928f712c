import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { type Caller, type CallerTokens, callers } from '../caller-tokens.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer-token checks, one per caller (caller-tokens.ts): `callerAuth(tokens)('deploy')` lets only
 * the deploy token through. Mounted before any body parser, so an unauthenticated request costs
 * no parsing. Every token is compared (in constant time) so that a token of another caller
 * answers 403, naming which one is expected, and an unknown one 401.
 */
export function callerAuth(tokens: CallerTokens) {
  const expected = callers.map((caller) => ({ caller, digest: digest(tokens[caller]) }));
  return (caller: Caller) => (req: Request, res: Response, next: NextFunction) => {
    const match = (req.get('authorization') ?? '').match(/^Bearer\s+(.+)$/i);
    if (!match) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'missing bearer token' });
      return;
    }
    const given = digest(match[1]!.trim());
    const holder = expected.filter((e) => timingSafeEqual(given, e.digest)).map((e) => e.caller)[0];
    if (holder === caller) {
      next();
      return;
    }
    if (holder) {
      res
        .status(403)
        .json({ error: `the ${holder} token is not allowed here: this endpoint takes the ${caller} token` });
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer error="invalid_token"')
      .json({ error: 'invalid bearer token' });
  };
}
