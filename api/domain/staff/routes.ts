import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  assignmentQuery,
  createAssignment,
  createShift,
  createStaff,
  rosterEntry,
  shiftQuery,
  staffQuery,
} from './schemas.ts';
import * as service from './service.ts';
import * as store from './store.ts';

export function staffRoutes(api: ApiRouter, db: Db): void {
  api.get('/staff', async (req, res) => {
    res.json(await store.listStaff(db, validate('query', staffQuery, req.query)));
  });
  api.post('/staff', async (req, res) => {
    res.status(201).json(await store.insertStaff(db, validate('body', createStaff, req.body)));
  });
  api.get('/shifts', async (req, res) => {
    res.json(await store.listShifts(db, validate('query', shiftQuery, req.query)));
  });
  api.post('/shifts', async (req, res) => {
    res.status(201).json(await service.createShift(db, validate('body', createShift, req.body)));
  });
  api.get('/shifts/:id', async (req, res) => {
    res.json(await service.getShift(db, validate('params', idParams, req.params).id));
  });
  api.post('/shifts/:id/staff', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    res.status(201).json(await service.addToRoster(db, id, validate('body', rosterEntry, req.body).staff_id));
  });
  api.get('/assignments', async (req, res) => {
    res.json(await store.listAssignments(db, validate('query', assignmentQuery, req.query)));
  });
  api.post('/assignments', async (req, res) => {
    res.status(201).json(await service.createAssignment(db, validate('body', createAssignment, req.body)));
  });
}
