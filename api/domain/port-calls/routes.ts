import type { Counter } from 'prom-client';
import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { createPortCall, portCallEvent, portCallQuery } from './schemas.ts';
import * as portCalls from './service.ts';

export function portCallRoutes(api: ApiRouter, db: Db, events: Counter<'type'>): void {
  api.get('/port-calls', async (req, res) => {
    res.json(await portCalls.listPortCalls(db, validate('query', portCallQuery, req.query)));
  });
  api.post('/port-calls', async (req, res) => {
    res.status(201).json(await portCalls.createPortCall(db, validate('body', createPortCall, req.body)));
  });
  api.get('/port-calls/:id', async (req, res) => {
    res.json(await portCalls.getPortCall(db, validate('params', idParams, req.params).id));
  });
  api.post('/port-calls/:id/events', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    res
      .status(201)
      .json(await portCalls.recordEvent(db, events, id, validate('body', portCallEvent, req.body)));
  });
}
