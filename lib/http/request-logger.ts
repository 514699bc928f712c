import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { routeLabel } from './route-label.ts';

export interface RequestLogOptions {
  /** Share of successful (< 400) requests logged, 0..1; errors are always logged. */
  successSampleRate: number;
}

/**
 * One JSON line per request with trace_id, method, route template, status, client address and duration.
 * Needs traceContext() before it. Successful requests are sampled so a busy service does not
 * drown its logs; 4xx/5xx always get their line.
 */
export function requestLogger(logger: Logger, options: RequestLogOptions) {
  const rate = options.successSampleRate;
  return (req: Request, res: Response, next: NextFunction) => {
    const start = performance.now();
    res.once('close', () => {
      const status = res.statusCode;
      if (status < 400 && (rate <= 0 || (rate < 1 && Math.random() >= rate))) return;
      // Build the line only when its level is written (the client address alone walks the proxy chain).
      if (!logger.isLevelEnabled(status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info')) return;
      const line = {
        trace_id: res.locals.traceId,
        method: req.method,
        route: routeLabel(req, res),
        path: pathOf(req.originalUrl),
        status,
        // Behind nginx this is the client's address when the app trusts the proxy (TRUST_PROXY).
        client_ip: req.ip,
        duration_ms: Math.round((performance.now() - start) * 100) / 100,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (status >= 500) logger.error(line, 'request');
      else if (status >= 400) logger.warn(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

/** The path without its query (tokens may travel there), cut to a sane length. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.length > 200 ? `${path.slice(0, 200)}...` : path;
}
