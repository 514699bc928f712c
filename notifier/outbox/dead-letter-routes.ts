import { Router, type Request, type Response } from 'express';
import type { DeadLetters } from './dead-letters.ts';

/** `GET /dead-letters?limit=N`: deliveries given up on, newest first, with the reason. */
export function deadLetterRoutes(deadLetters: DeadLetters, onQueued: () => void): Router {
  const router = Router();
  router.get('/dead-letters', async (req: Request, res: Response) => {
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const items = await deadLetters.list(limit);
    res.json({ count: items.length, items });
  });
  /** `POST /dead-letters/:id/retry`: deliver it again, e.g. once a revoked webhook was replaced. */
  router.post('/dead-letters/:id/retry', async (req: Request, res: Response) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || !(await deadLetters.requeue(id))) {
      res.status(404).json({ error: `no dead letter ${String(req.params.id)}` });
      return;
    }
    onQueued();
    res.status(202).json({ status: 'requeued', id });
  });
  return router;
}
