import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  createRoute,
  getRoute,
  insertRoute,
  listRoutes,
  routeQuery,
  setRouteStatus,
  updateRoute,
} from './sea-routes.ts';

export function seaRouteRoutes(api: ApiRouter, db: Db): void {
  api.get('/routes', async (req, res) => {
    res.json(await listRoutes(db, validate('query', routeQuery, req.query)));
  });
  api.post('/routes', async (req, res) => {
    res.status(201).json(await insertRoute(db, validate('body', createRoute, req.body)));
  });
  api.get('/routes/:id', async (req, res) => {
    res.json(await getRoute(db, validate('params', idParams, req.params).id));
  });
  api.patch('/routes/:id', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    res.json(await setRouteStatus(db, id, validate('body', updateRoute, req.body).status));
  });
}
