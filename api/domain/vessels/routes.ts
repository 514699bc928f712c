import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { createVessel, updateVessel, vesselQuery } from './schemas.ts';
import * as vessels from './service.ts';

export function vesselRoutes(api: ApiRouter, db: Db): void {
  api.get('/vessels', async (req, res) => {
    res.json(await vessels.listVessels(db, validate('query', vesselQuery, req.query)));
  });
  api.post('/vessels', async (req, res) => {
    res.status(201).json(await vessels.createVessel(db, validate('body', createVessel, req.body)));
  });
  api.get('/vessels/:id', async (req, res) => {
    res.json(await vessels.getVessel(db, validate('params', idParams, req.params).id));
  });
  api.patch('/vessels/:id', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    res.json(await vessels.updateVessel(db, id, validate('body', updateVessel, req.body)));
  });
  api.delete('/vessels/:id', async (req, res) => {
    await vessels.deleteVessel(db, validate('params', idParams, req.params).id);
    res.status(204).end();
  });
}
