import type { Request } from 'express';

/** The one label value for requests no route matched, so random paths cannot create series. */
export const unmatchedRoute = 'unmatched';

/**
 * The route TEMPLATE that served a request (`/api/v1/vessels/:id`), never the raw path.
 * Routers must be mounted at static paths with case-sensitive routing, so `baseUrl` is the
 * literal mount path and the pair is bounded by the code, not by clients.
 */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? req.baseUrl + path : unmatchedRoute;
}
