import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './errors.ts';

/** body-parser and friends mark their errors with `type` and `status`. */
interface ParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

const parserAnswers: Record<string, [number, string]> = {
  'entity.parse.failed': [400, 'malformed JSON body'],
  'entity.too.large': [413, 'request body too large'],
  'entity.verify.failed': [400, 'request body rejected'],
  'request.aborted': [400, 'request aborted'],
  'request.size.invalid': [400, 'request size did not match content-length'],
  'charset.unsupported': [415, 'unsupported charset'],
  'encoding.unsupported': [415, 'unsupported content encoding'],
  'parameters.too.many': [413, 'too many parameters'],
};

/**
 * The last middleware: HttpError -> its status and JSON, body-parser errors -> 400/413/415,
 * anything else -> 500 with the trace id and no internals. Client mistakes never become 500s.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const traceId = res.locals.traceId;
    if (err instanceof HttpError) {
      if (err.status >= 500) logger.error({ err, trace_id: traceId }, 'request failed');
      if (err.extra.headers) res.set(err.extra.headers);
      res.status(err.status).json({
        error: err.message,
        ...(err.extra.reason ? { reason: err.extra.reason } : {}),
        ...(err.extra.details ? { details: err.extra.details } : {}),
      });
      return;
    }
    const parser = err as ParserError;
    const known = parser.type ? parserAnswers[parser.type] : undefined;
    if (known) {
      res.status(known[0]).json({ error: known[1], details: [{ path: 'body', message: known[1] }] });
      return;
    }
    if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && parser.expose) {
      res.status(parser.status).json({ error: parser.message ?? 'bad request' });
      return;
    }
    logger.error({ err, trace_id: traceId }, 'unhandled error');
    res.status(500).json({ error: 'internal error', trace_id: traceId });
  };
}

/** 404 for paths no route matched, in the same JSON shape as every other error. */
export function notFoundHandler() {
  return (_req: Request, res: Response) => {
    res.status(404).json({ error: 'no such endpoint' });
  };
}
