import type { RequestHandler, Router } from 'express';

type Register = (path: string, ...handlers: RequestHandler[]) => void;

/** Route registration for /api/v1: every route gets the fault gate as its first handler. */
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
      router[method](path, gate, ...handlers);
    };
  return { get: on('get'), post: on('post'), put: on('put'), patch: on('patch'), delete: on('delete') };
}
