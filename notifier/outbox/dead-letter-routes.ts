import { Router, type Request, type Response } from 'express';
import type { OutboxStore } from './store.ts';

/** `GET /dead-letters?limit=N`: deliveries given up on, newest first, with the reason. */
export function deadLetterRoutes(store: OutboxStore): Router {
  const router = Router();
  router.get('/dead-letters', async (req: Request, res: Response) => {
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const items = await store.deadLetters(limit);
    res.json({ count: items.length, items });
  });
  return router;
}
