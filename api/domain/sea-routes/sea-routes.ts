import type { z } from 'zod';
import { notFound } from '../../../lib/http/errors.ts';
import type { Queryable } from '../../platform/db.ts';
import { Filters, listPage } from '../../platform/sql.ts';
import type { createRoute, lineString, routeQuery } from './schemas.ts';

// The port's entry and exit channels. Waypoints are a GeoJSON LineString ([lon, lat] pairs).

export interface SeaRoute {
  id: number;
  code: string;
  name: string;
  direction: string;
  waypoints: z.infer<typeof lineString>;
  status: string;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, code, name, direction, waypoints, status, created_at, updated_at';

export function listRoutes(q: Queryable, query: z.infer<typeof routeQuery>) {
  const filters = new Filters().add('status = $?', query.status).add('direction = $?', query.direction);
  return listPage<SeaRoute>(q, filters, {
    operation: 'routes.list',
    columns,
    from: 'routes',
    orderBy: 'id',
    limit: query.limit,
    offset: query.offset,
  });
}

export async function getRoute(q: Queryable, id: number): Promise<SeaRoute> {
  const rows = await q.query<SeaRoute>('routes.get', `SELECT ${columns} FROM routes WHERE id = $1`, [id]);
  if (!rows[0]) throw notFound(`route ${id}`);
  return rows[0];
}

export async function insertRoute(q: Queryable, r: z.infer<typeof createRoute>): Promise<SeaRoute> {
  const rows = await q.query<SeaRoute>(
    'routes.insert',
    `INSERT INTO routes (code, name, direction, waypoints, status) VALUES ($1, $2, $3, $4, COALESCE($5, 'open')) RETURNING ${columns}`,
    [r.code, r.name, r.direction, JSON.stringify(r.waypoints), r.status ?? null],
  );
  return rows[0] as SeaRoute;
}

export async function setRouteStatus(q: Queryable, id: number, status: string): Promise<SeaRoute> {
  const rows = await q.query<SeaRoute>(
    'routes.set_status',
    `UPDATE routes SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
    [id, status],
  );
  if (!rows[0]) throw notFound(`route ${id}`);
  return rows[0];
}
