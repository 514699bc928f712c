import { createDocument } from 'zod-openapi';
import { apiRoutes } from '../api-routes.ts';
import { bearerScheme } from './operation.ts';
import { routePaths } from './route-paths.ts';
import { servicePaths } from './service-paths.ts';

export type OpenApiDocument = ReturnType<typeof createDocument>;

/**
 * The OpenAPI 3.1 document of the PortTrack API, built from the route tables (api/api-routes.ts):
 * the zod schemas the routes validate with, requests rendered as the input they accept and
 * responses as the output they send.
 */
export function buildOpenApiDocument(version = '1'): OpenApiDocument {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'PortTrack API',
      version,
      description:
        'Vessels, berths, entry and exit routes, port calls, cargo operations, staff and live positions of a port. ' +
        'Every `/api/v1` request but login needs `Authorization: Bearer <token>` from `POST /api/v1/auth/login`; ' +
        'reads accept any role, writes need `operator` or `admin`, user administration `admin`; the `probe` role ' +
        '(synthetic journeys) calls only the operations that say so. Disabling a user, changing a role or resetting a ' +
        'password revokes the tokens signed before. Unknown fields in a body or query are refused (400). ' +
        'Every answer carries `x-trace-id` and a W3C `traceparent`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'this API' }],
    tags: [
      { name: 'auth', description: 'Sign in' },
      { name: 'vessels', description: 'The vessel inventory' },
      { name: 'berths', description: 'Berths and their maximum vessel length' },
      { name: 'routes', description: 'Entry and exit routes (GeoJSON)' },
      { name: 'port-calls', description: 'Arrivals, berthing, departures' },
      { name: 'cargo', description: 'Loading and unloading' },
      { name: 'staff', description: 'Port staff, shifts and assignments' },
      { name: 'tracking', description: 'AIS positions: ingest, latest, live stream, tracks' },
      { name: 'users', description: 'User administration and its audit log (admin only)' },
      { name: 'service', description: 'Probes, metrics and this document (no token)' },
      { name: 'internal', description: 'Fault injection for drills (not in production)' },
    ],
    security: [{ [bearerScheme]: [] }],
    components: {
      securitySchemes: {
        [bearerScheme]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token from `POST /api/v1/auth/login`. The roles an operation needs are in its security requirement and `x-roles`.',
        },
      },
    },
    paths: routePaths(apiRoutes, servicePaths),
  });
}

let cached: OpenApiDocument | undefined;
/** Built once per process: the schemas do not change while it runs. */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
