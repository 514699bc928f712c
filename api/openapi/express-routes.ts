import type { Express } from 'express';

/** One route an Express app answers, as an OpenAPI path (`/api/v1/vessels/{id}`). */
export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * Every method and path the app routes, mounted routers included (static mount paths only, which
 * the API uses so that route labels stay templates). Middleware without a route is not listed.
 */
export function expressRoutes(app: Express): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') routes.push({ method, path: toOpenApi(prefix + layer.route.path) });
      } else if (layer.handle.stack && typeof layer.rawPath === 'string') {
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}
