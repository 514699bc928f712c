import { Router, type Request, type Response } from 'express';
import type { Pool } from '../../lib/db/pool.ts';
import type { NotifierConfig } from '../config.ts';
import { emailBody } from '../rendering/email-body.ts';
import { renderDigest } from './digest.ts';
import { digestFigures } from './figures.ts';

/** `GET /digest/preview`: the digest as it would be sent now (HTML; `?format=text` for text). */
export function digestRoutes(pool: Pool, config: NotifierConfig): Router {
  const router = Router();
  router.get('/digest/preview', async (req: Request, res: Response) => {
    const format = req.query.format ?? 'html';
    if (format !== 'html' && format !== 'text') {
      res.status(400).json({ error: 'format must be html or text' });
      return;
    }
    let body;
    try {
      body = emailBody(renderDigest(await digestFigures(pool, new Date()), config));
    } catch (err) {
      res.status(503).json({ error: `cannot read the port database: ${(err as Error).message}` });
      return;
    }
    if (format === 'text') res.type('text/plain; charset=utf-8').send(body.text);
    else res.type('text/html; charset=utf-8').send(body.html);
  });
  return router;
}
