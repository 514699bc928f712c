import { pageOf } from '../../openapi/responses.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { routeTable } from '../../routing/route.ts';
import { createRoute, routeQuery, seaRoute, updateRoute } from './schemas.ts';
import * as seaRoutes from './sea-routes.ts';

export const seaRouteRoutes = routeTable<{ db: Db }>('routes', (route) => [
  route({
    method: 'get',
    path: '/routes',
    id: 'listRoutes',
    summary: 'List entry and exit routes',
    access: 'read',
    query: routeQuery,
    ok: { description: 'A page of routes.', schema: pageOf(seaRoute, 'SeaRoutePage') },
    handle: ({ query }, { db }) => seaRoutes.listRoutes(db, query),
  }),
  route({
    method: 'post',
    path: '/routes',
    id: 'createRoute',
    summary: 'Add a route',
    description:
      '`waypoints` is a GeoJSON LineString, `{"type":"LineString","coordinates":[[lon,lat],...]}`, 2-1000 points.',
    access: 'write',
    body: createRoute,
    ok: { status: 201, description: 'The new route.', schema: seaRoute },
    conflicts: ['duplicate_code'],
    handle: ({ body }, { db }) => seaRoutes.insertRoute(db, body),
  }),
  route({
    method: 'get',
    path: '/routes/:id',
    id: 'getRoute',
    summary: 'One route',
    access: 'read',
    params: idParams,
    ok: { description: 'The route.', schema: seaRoute },
    handle: ({ params }, { db }) => seaRoutes.getRoute(db, params.id),
  }),
  route({
    method: 'patch',
    path: '/routes/:id',
    id: 'setRouteStatus',
    summary: 'Open or close a route',
    access: 'write',
    params: idParams,
    body: updateRoute,
    ok: { description: 'The changed route.', schema: seaRoute },
    handle: ({ params, body }, { db }) => seaRoutes.setRouteStatus(db, params.id, body.status),
  }),
]);
