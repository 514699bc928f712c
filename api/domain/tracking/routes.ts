import express from 'express';
import { badRequest, notFound, unauthorized } from '../../../lib/http/errors.ts';
import { requireContentType } from '../../../lib/http/content-type.ts';
import { validate } from '../../../lib/http/validate.ts';
import type { ApiRouter } from '../../platform/api-router.ts';
import { idParams } from '../../platform/schemas.ts';
import type { TokenSigner } from '../auth/tokens.ts';
import { findVessel } from '../vessels/store.ts';
import { ingestPositions, type IngestDeps } from './ingest.ts';
import { inBox, pageOf } from './latest-positions.ts';
import { onlySyntheticVessel } from './probe-ingest.ts';
import { parseNdjson } from './reports.ts';
import { latestQuery, trackQuery } from './schemas.ts';
import { track, type LatestPosition } from './store.ts';

/** 5,000 reports of ~150 bytes fit well inside this; the count limit is the one clients meet. */
export const positionsBodyLimit = '4mb';

const ndjsonType = 'application/x-ndjson';

export interface TrackingDeps extends IngestDeps {
  /** Issues the stream tickets. */
  signer: TokenSigner;
}

export function trackingRoutes(api: ApiRouter, deps: TrackingDeps): void {
  api.post(
    '/positions',
    requireContentType('application/json', ndjsonType),
    express.json({ limit: positionsBodyLimit }),
    express.text({ type: ndjsonType, limit: positionsBodyLimit }),
    async (req, res) => {
      const inputs = typeof req.body === 'string' ? parseNdjson(req.body) : req.body;
      if (!Array.isArray(inputs))
        throw badRequest('expected a JSON array of position reports, or NDJSON', [
          { path: 'body', message: 'not an array' },
        ]);
      if (res.locals.user?.role === 'probe') onlySyntheticVessel(inputs);
      const result = await ingestPositions(deps, inputs);
      if (result.accepted === 0 && result.rejected.length > 0) {
        const details = result.rejected
          .slice(0, 20)
          .map((r) => ({ path: `body[${r.index}]`, message: r.reason }));
        res.status(400).json({ error: 'no valid position report', details, ...result });
        return;
      }
      res.json(result);
    },
  );
  api.get('/positions/latest', async (req, res) => {
    const { limit, cursor, bbox } = validate('query', latestQuery, req.query);
    let byMmsi = await deps.latest.byMmsi();
    if (bbox)
      byMmsi = Object.fromEntries(
        Object.entries(byMmsi).filter(([, json]) => inBox(JSON.parse(json) as LatestPosition, bbox)),
      );
    // The cached JSON goes out as it is: no parse and re-serialise of every position.
    const page = pageOf(byMmsi, limit, cursor);
    res
      .type('json')
      .send(
        `{"items":[${page.items.join(',')}],"count":${page.items.length},"next_cursor":${JSON.stringify(page.next)}}`,
      );
  });
  api.post('/positions/stream/tickets', (_req, res) => {
    const { user, tokenVersion, credentialExpiresAtMs } = res.locals;
    if (!user || tokenVersion === undefined || credentialExpiresAtMs === undefined) throw unauthorized();
    const { ticket, expiresAt } = deps.signer.signTicket({
      user,
      version: tokenVersion,
      expiresAtMs: credentialExpiresAtMs,
    });
    res.status(201).json({ ticket, expires_at: expiresAt.toISOString() });
  });
  api.get('/positions/stream', async (_req, res) => {
    const { user, tokenVersion, credentialExpiresAtMs } = res.locals;
    if (!user || tokenVersion === undefined || credentialExpiresAtMs === undefined) throw unauthorized();
    await deps.stream.add(res, { userId: user.id, version: tokenVersion, untilMs: credentialExpiresAtMs });
  });
  api.get('/vessels/:id/track', async (req, res) => {
    const { id } = validate('params', idParams, req.params);
    const query = validate('query', trackQuery, req.query);
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 24 * 3600_000);
    if (from > to)
      throw badRequest('invalid query', [{ path: 'query.from', message: 'from must not be after to' }]);
    if (!(await findVessel(deps.db, id))) throw notFound(`vessel ${id}`);
    const points = await track(deps.db, id, from, to, query.limit);
    res.json({ vessel_id: id, from: from.toISOString(), to: to.toISOString(), points });
  });
}
