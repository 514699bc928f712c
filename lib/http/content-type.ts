import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.ts';

/**
 * 415 for a request that carries a body in a type we do not read. Requests without a body pass
 * (validation then says what is missing), so `DELETE` and body-less `POST`s need no header.
 */
export function requireContentType(...types: string[]) {
  const accepted = types.join(', ');
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!hasBody(req) || req.is(types)) {
      next();
      return;
    }
    next(
      new HttpError(415, `unsupported content type; send ${accepted}`, {
        details: [{ path: 'headers.content-type', message: `expected ${accepted}` }],
      }),
    );
  };
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}
