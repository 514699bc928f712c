import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middleware as one router layer: each runs after the previous called next(), an error
 * skips the rest. For the few that every request passes (observability, security headers, CORS),
 * so Express walks one layer instead of one each; they behave exactly as mounted one by one.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined || i === handlers.length) {
        next(err);
        return;
      }
      const handler = handlers[i++] as RequestHandler;
      try {
        // As Express does for a layer: a rejected promise is an error too.
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise)
          result.catch((rejected: unknown) => next(rejected ?? new Error('rejected')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
