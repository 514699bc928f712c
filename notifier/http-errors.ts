import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../lib/logger.ts';

export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: `no route ${req.method} ${req.path}` });
}

/** body-parser's errors, said plainly (`limit` is in bytes). */
function clientError(err: Error & { type?: string; limit?: number }): string {
  if (err.type === 'entity.parse.failed') return 'body is not valid JSON';
  if (err.type === 'entity.too.large')
    return `body too large: this endpoint takes at most ${err.limit} bytes`;
  return err.message;
}

/**
 * Client mistakes (bad JSON, body too large) keep their 4xx with a reason. Anything else means
 * nothing was stored: 503, which makes Alertmanager (and the deploy workflow) retry.
 */
export function errorHandler(logger: Logger) {
  return (
    err: Error & { status?: number; type?: string },
    req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    if (err.status && err.status < 500) {
      res.status(err.status).json({ error: clientError(err) });
      return;
    }
    logger.error({ err, path: req.path }, 'request failed');
    res.status(503).json({ error: `notification not stored, retry later: ${err.message}` });
  };
}
