import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { routeDirections, routeStatuses } from '../../../lib/domain/vocabulary.ts';
import { operation } from '../../openapi/operation.ts';
import { pageOf, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { createRoute, lineString, routeQuery, updateRoute } from './sea-routes.ts';

export const seaRoute = z
  .object({
    id: rowId,
    code: z.string(),
    name: z.string(),
    direction: z.enum(routeDirections),
    waypoints: lineString,
    status: z.enum(routeStatuses),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'SeaRoute' });

const tag = 'routes';

export const seaRoutePaths: ZodOpenApiPathsObject = {
  '/api/v1/routes': {
    get: operation({
      id: 'listRoutes',
      summary: 'List entry and exit routes',
      tag,
      access: 'read',
      query: routeQuery,
      ok: { description: 'A page of routes.', schema: pageOf(seaRoute, 'SeaRoutePage') },
    }),
    post: operation({
      id: 'createRoute',
      summary: 'Add a route',
      description:
        '`waypoints` is a GeoJSON LineString, `{"type":"LineString","coordinates":[[lon,lat],...]}`, 2-1000 points.',
      tag,
      access: 'write',
      body: createRoute,
      ok: { status: 201, description: 'The new route.', schema: seaRoute },
      conflicts: ['duplicate_code'],
    }),
  },
  '/api/v1/routes/{id}': {
    get: operation({
      id: 'getRoute',
      summary: 'One route',
      tag,
      access: 'read',
      params: idParams,
      ok: { description: 'The route.', schema: seaRoute },
    }),
    patch: operation({
      id: 'setRouteStatus',
      summary: 'Open or close a route',
      tag,
      access: 'write',
      params: idParams,
      body: updateRoute,
      ok: { description: 'The changed route.', schema: seaRoute },
    }),
  },
};
