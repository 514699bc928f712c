import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { berthQuery, createBerth, createBerthRow, getBerth, listBerths } from './berths.ts';

export function berthRoutes(api: ApiRouter, db: Db): void {
  api.get('/berths', async (req, res) => {
    res.json(await listBerths(db, validate('query', berthQuery, req.query)));
  });
  api.post('/berths', async (req, res) => {
    res.status(201).json(await createBerthRow(db, validate('body', createBerth, req.body)));
  });
  api.get('/berths/:id', async (req, res) => {
    res.json(await getBerth(db, validate('params', idParams, req.params).id));
  });
}
