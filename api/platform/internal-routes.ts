import express, { type Router } from 'express';
import { rememberRoute } from '../../lib/http/route-label.ts';
import { requireContentType } from '../../lib/http/content-type.ts';
import { validate } from '../../lib/http/validate.ts';
import { faultSettings, type Faults } from './faults.ts';

/** /internal/faults: read and set fault injection (mounted only outside production). */
export function internalRoutes(faults: Faults): Router {
  const router = express.Router({ caseSensitive: true });
  router.get('/faults', rememberRoute, (_req, res) => {
    res.json(faults.current);
  });
  router.put(
    '/faults',
    requireContentType('application/json'),
    express.json({ limit: '1kb' }),
    (req, res) => {
      faults.set(validate('body', faultSettings, req.body));
      res.json(faults.current);
    },
  );
  return router;
}
