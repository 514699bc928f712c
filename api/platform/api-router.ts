import type { RequestHandler, Router } from 'express';
import { rememberRoute } from '../../lib/http/route-label.ts';
import { bindRequestSignal } from './request-scope.ts';

type Register = (path: string, ...handlers: RequestHandler[]) => void;

/**
 * Route registration for /api/v1: every route first records its template (for metrics and logs)
 * and passes the fault gate; its handler (the last function) runs with the request's abort signal
 * entered, so the queries it makes are cancelled when the client leaves.
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
      const handler = handlers.at(-1);
      if (!handler) throw new Error(`route ${path} has no handler`);
      router[method](path, rememberRoute, gate, ...handlers.slice(0, -1), bindRequestSignal, handler);
    };
  return { get: on('get'), post: on('post'), put: on('put'), patch: on('patch'), delete: on('delete') };
}
