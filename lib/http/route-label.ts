import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The matched route template, recorded by rememberRoute(). */
    route?: string;
  }
}

/** The one label value for requests no route matched, so random paths cannot create series. */
export const unmatchedRoute = 'unmatched';

/**
 * First handler of every route in a mounted router: records `baseUrl + route.path` while both are
 * set. Express resets `req.baseUrl` when an error leaves the router, so reading it when the
 * response closes would lose the mount path of every failed request.
 */
export function rememberRoute(req: Request, res: Response, next: NextFunction): void {
  res.locals.route = req.baseUrl + (req.route as { path: string }).path;
  next();
}

/**
 * The route TEMPLATE that served a request (`/api/v1/vessels/:id`), never the raw path.
 * Routers must be mounted at static paths with case-sensitive routing, so the template is
 * bounded by the code, not by clients.
 */
export function routeLabel(req: Request, res: Response): string {
  if (res.locals.route !== undefined) return res.locals.route;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? req.baseUrl + path : unmatchedRoute;
}
