import type { Request, RequestHandler, Response, Router } from 'express';
import { rememberRoute } from '../../lib/http/route-label.ts';
import { validate } from '../../lib/http/validate.ts';
import { bindRequestSignal } from '../platform/request-scope.ts';
import { answered, Reply } from './reply.ts';
import type { ApiRoute, RouteTable } from './route.ts';

/**
 * Registers routes on the /api/v1 router: each first records its template (for metrics and logs)
 * and passes the fault gate, then its own middleware; its handler runs with the request's abort
 * signal entered (so the queries it makes are cancelled when the client leaves), after the path,
 * query and body were validated in that order (a 400 names each bad field).
 */
export function mountRoutes<D>(
  router: Router,
  gate: RequestHandler,
  routes: ReadonlyArray<ApiRoute<D>>,
  deps: D,
): void {
  for (const route of routes)
    router[route.method](
      route.path,
      rememberRoute,
      gate,
      ...(route.before?.(deps) ?? []),
      bindRequestSignal,
      handlerOf(route, deps),
    );
}

/** The routes of these tables, in order, that pass `which`. */
export const routesOf = <D>(
  tables: ReadonlyArray<RouteTable<D>>,
  which: (t: RouteTable<D>, r: ApiRoute<D>) => boolean,
) => tables.flatMap((t) => t.routes.filter((r) => which(t, r)));

function handlerOf<D>(route: ApiRoute<D>, deps: D): RequestHandler {
  const status = route.ok.status ?? 200;
  return async (req: Request, res: Response) => {
    const input = {
      params: route.params ? validate('params', route.params, req.params) : undefined,
      query: route.query ? validate('query', route.query, req.query) : undefined,
      body: route.body ? validate('body', route.body, req.body) : (req.body as unknown),
    };
    const result = await route.handle(input, deps, { req, res });
    if (result === answered) return;
    if (result instanceof Reply) {
      if (result.jsonText) res.type('json').send(result.body);
      else res.status(result.status ?? status).json(result.body);
    } else if (status === 204) res.status(204).end();
    else res.status(status).json(result);
  };
}
