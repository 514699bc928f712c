import type { RequestHandler, Router } from 'express';
import { rememberRoute } from '../../lib/http/route-label.ts';

type Register = (path: string, ...handlers: RequestHandler[]) => void;

/**
 * Route registration for /api/v1: every route first records its template (for metrics and logs)
 * and passes the fault gate.
 */
export interface ApiRouter {
  get: Register;
  post: Register;
  put: Register;
  patch: Register;
  delete: Register;
}

export function apiRouter(router: Router, gate: RequestHandler): ApiRouter {
  const on =
    (method: 'get' | 'post' | 'put' | 'patch' | 'delete'): Register =>
    (path, ...handlers) => {
      router[method](path, rememberRoute, gate, ...handlers);
    };
  return { get: on('get'), post: on('post'), put: on('put'), patch: on('patch'), delete: on('delete') };
}
