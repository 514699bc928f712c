import { z } from 'zod';
import { routeDirections, routeStatuses } from '../../../lib/domain/vocabulary.ts';
import { rowId, timestamp } from '../../openapi/responses.ts';
import { latitude, longitude, page, strictObject, text } from '../../platform/schemas.ts';

/** Waypoints: a GeoJSON LineString of [lon, lat] pairs. */
export const lineString = strictObject({
  type: z.literal('LineString'),
  coordinates: z
    .array(z.tuple([longitude, latitude]))
    .min(2)
    .max(1000),
});
export const createRoute = strictObject({
  code: text(32),
  name: text(120),
  direction: z.enum(routeDirections),
  waypoints: lineString,
  status: z.enum(routeStatuses).optional(),
});
export const updateRoute = strictObject({ status: z.enum(routeStatuses) });
export const routeQuery = strictObject({
  ...page,
  status: z.enum(routeStatuses).optional(),
  direction: z.enum(routeDirections).optional(),
});

/** A route as the API answers it. */
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
