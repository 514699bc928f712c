import type { ZodOpenApiPathItemObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { apiPrefix, type RouteTable } from '../routing/route.ts';
import { openApiPath } from '../routing/templates.ts';
import { operation } from './operation.ts';

/**
 * The OpenAPI paths of route tables, in table order (each route's operation under its path,
 * `/api/v1/vessels/{id}`), then the paths described by hand (the service endpoints). Two tables may
 * share a path (`/vessels/{id}/track` is tracking's), never a method of one.
 */
export function routePaths(
  tables: ReadonlyArray<RouteTable<never>>,
  more: ZodOpenApiPathsObject = {},
): ZodOpenApiPathsObject {
  const paths: Record<string, ZodOpenApiPathItemObject> = {};
  const add = (path: string, method: string, op: unknown) => {
    const item = (paths[path] ??= {}) as Record<string, unknown>;
    if (method in item) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
    item[method] = op;
  };
  for (const table of tables)
    for (const route of table.routes)
      add(openApiPath(apiPrefix + route.path), route.method, operation({ ...route, tag: table.tag }));
  for (const [path, item] of Object.entries(more))
    for (const [method, op] of Object.entries(item as object)) add(path, method, op);
  return paths as ZodOpenApiPathsObject;
}
