import type { Counter } from 'prom-client';
import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { cargoProgress, cargoQuery, cargoStatusChange, createCargoOperation } from './schemas.ts';
import * as cargo from './service.ts';

export function cargoRoutes(api: ApiRouter, db: Db, completed: Counter<'category'>): void {
  api.get('/cargo-operations', async (req, res) => {
    res.json(await cargo.listCargoOperations(db, validate('query', cargoQuery, req.query)));
  });
  api.post('/cargo-operations', async (req, res) => {
    res
      .status(201)
      .json(await cargo.createCargoOperation(db, validate('body', createCargoOperation, req.body)));
  });
  api.get('/cargo-operations/:id', async (req, res) => {
    res.json(await cargo.getCargoOperation(db, validate('params', idParams, req.params).id));
  });
  api.post('/cargo-operations/:id/progress', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    const body = validate('body', cargoProgress, req.body);
    res.json(await cargo.recordProgress(db, completed, id, body.quantity_delta, body.at));
  });
  api.patch('/cargo-operations/:id', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    res.json(
      await cargo.changeStatus(db, completed, id, validate('body', cargoStatusChange, req.body).status),
    );
  });
}
