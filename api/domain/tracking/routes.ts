import express from 'express';
import { z } from 'zod';
import { requireContentType } from '../../../lib/http/content-type.ts';
import { badRequest, unauthorized } from '../../../lib/http/errors.ts';
import { errorDetail, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { answered, Reply } from '../../routing/reply.ts';
import { routeTable } from '../../routing/route.ts';
import type { TokenSigner } from '../auth/tokens.ts';
import type { IngestDeps } from './ingest.ts';
import { onlySyntheticVessel } from './probe-ingest.ts';
import { parseNdjson } from './reports.ts';
import {
  ingestResult,
  latestPage,
  latestPosition,
  latestQuery,
  nothingIngested,
  positionReport,
  streamTicket,
  trackPoint,
  trackQuery,
} from './schemas.ts';
import * as tracking from './service.ts';

/** 5,000 reports of ~150 bytes fit well inside this; the count limit is the one clients meet. */
export const positionsBodyLimit = '4mb';

const ndjsonType = 'application/x-ndjson';

export interface TrackingDeps extends IngestDeps {
  /** Issues the stream tickets. */
  signer: TokenSigner;
}

/** Position reports come as JSON or NDJSON, up to 4 MB: this table parses its own bodies. */
export const trackingRoutes = routeTable<{ tracking: TrackingDeps }>(
  'tracking',
  (route) => [
    route({
      method: 'post',
      path: '/positions',
      id: 'ingestPositions',
      summary: 'Report positions (AIS feed)',
      description:
        'At most 5,000 reports per request (more is 413), body at most 4 MB. Each report is checked on its own: ' +
        'the valid ones are stored, the others refused with their index and one reason. ' +
        'Reports of MMSIs without a vessel are stored with `vessel_id: null`. ' +
        'The `probe` role may report the reserved synthetic vessel (MMSI 999000001) only: any other MMSI is 403.',
      access: 'write',
      probe: true,
      content: {
        'application/json': { schema: z.array(positionReport).max(5000) },
        [ndjsonType]: { schema: z.string().meta({ description: 'one PositionReport per line' }) },
      },
      ok: { description: 'Stored the valid reports.', schema: ingestResult },
      responses: {
        '400': {
          description:
            'No valid report (the answer lists why each was refused), or a body that is not an array.',
          content: {
            'application/json': {
              schema: z.union([
                nothingIngested,
                z.object({ error: z.string(), details: z.array(errorDetail) }),
              ]),
            },
          },
        },
      },
      before: () => [
        requireContentType('application/json', ndjsonType),
        express.json({ limit: positionsBodyLimit }),
        express.text({ type: ndjsonType, limit: positionsBodyLimit }),
      ],
      handle: async ({ body }, { tracking: deps }, { res }) => {
        const inputs = typeof body === 'string' ? parseNdjson(body) : body;
        if (!Array.isArray(inputs))
          throw badRequest('expected a JSON array of position reports, or NDJSON', [
            { path: 'body', message: 'not an array' },
          ]);
        if (res.locals.user?.role === 'probe') onlySyntheticVessel(inputs);
        const result = await tracking.ingestPositions(deps, inputs);
        if (result.accepted > 0 || result.rejected.length === 0) return result;
        const details = result.rejected
          .slice(0, 20)
          .map((r) => ({ path: `body[${r.index}]`, message: r.reason }));
        return Reply.status(400, { error: 'no valid position report', details, ...result });
      },
    }),
    route({
      method: 'get',
      path: '/positions/latest',
      id: 'latestPositions',
      summary: 'The latest position of every vessel, a page at a time',
      description:
        `Pages in MMSI order: at most \`limit\` positions (default ${latestPage.defaultLimit}, at most ${latestPage.maxLimit}); ` +
        'while `next_cursor` is not null, ask again with `cursor=<next_cursor>` for the next page. ' +
        'The cursor is the last MMSI of the page, so vessels appearing or moving between requests shift no page. ' +
        '`bbox=minLon,minLat,maxLon,maxLat` keeps the positions inside the box (`minLon > maxLon` crosses the antimeridian), then pages them.',
      access: 'read',
      probe: true,
      query: latestQuery,
      ok: {
        description: 'One page of latest positions, one per MMSI.',
        schema: z
          .object({
            items: z.array(latestPosition),
            count: z.number().int().min(0).meta({ description: 'positions in this page' }),
            next_cursor: z
              .string()
              .nullable()
              .meta({ description: 'the `cursor` of the next page; null on the last page' }),
          })
          .meta({ id: 'LatestPositions' }),
      },
      handle: async ({ query }, { tracking: deps }) => {
        const page = await tracking.latestPositions(deps.latest, query);
        // The cached JSON goes out as it is: no parse and re-serialise of every position.
        return Reply.jsonText(
          `{"items":[${page.items.join(',')}],"count":${page.items.length},"next_cursor":${JSON.stringify(page.next)}}`,
        );
      },
    }),
    route({
      method: 'get',
      path: '/positions/stream',
      id: 'streamPositions',
      summary: 'Live positions (server-sent events)',
      description:
        'One `position` event (a LatestPosition) per vessel whose latest position changed, `: heartbeat` comments every 15 s. ' +
        'EventSource cannot send headers: give a `?ticket=` from POST /positions/stream/tickets instead (tokens are never accepted in the URL). ' +
        'The stream ends when the token expires; a client too slow to read is dropped. ' +
        'At most `PORTTRACK_STREAM_MAX_PER_USER` streams per user (429 `too_many_streams`) and `PORTTRACK_STREAM_MAX_CLIENTS` per replica (503 `stream_capacity`).',
      access: 'read',
      ok: { description: 'An event stream that stays open.' },
      parameters: [
        {
          name: 'ticket',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'a stream ticket (valid 30 s), instead of the Authorization header',
        },
      ],
      handle: async (_input, { tracking: deps }, { res }) => {
        const { user, tokenVersion, credentialExpiresAtMs } = res.locals;
        if (!user || tokenVersion === undefined || credentialExpiresAtMs === undefined) throw unauthorized();
        await deps.stream.add(res, {
          userId: user.id,
          version: tokenVersion,
          untilMs: credentialExpiresAtMs,
        });
        return answered;
      },
    }),
    route({
      method: 'post',
      path: '/positions/stream/tickets',
      id: 'createStreamTicket',
      summary: 'A short-lived ticket that opens the live position stream',
      description:
        'For EventSource, which cannot send headers: the ticket goes in the stream URL, lives 30 seconds, opens nothing but the stream, and the stream it opens still ends when this token does.',
      access: 'read',
      ok: { status: 201, description: 'The ticket.', schema: streamTicket },
      handle: (_input, { tracking: deps }, { res }) => {
        const { user, tokenVersion, credentialExpiresAtMs } = res.locals;
        if (!user || tokenVersion === undefined || credentialExpiresAtMs === undefined) throw unauthorized();
        const { ticket, expiresAt } = deps.signer.signTicket({
          user,
          version: tokenVersion,
          expiresAtMs: credentialExpiresAtMs,
        });
        return { ticket, expires_at: expiresAt.toISOString() };
      },
    }),
    route({
      method: 'get',
      path: '/vessels/:id/track',
      id: 'vesselTrack',
      summary: "A vessel's positions over time",
      description: 'Default the last 24 h, at most `limit` points (10,000; up to 50,000), oldest first.',
      access: 'read',
      probe: true,
      params: idParams,
      query: trackQuery,
      ok: {
        description: 'The track.',
        schema: z
          .object({ vessel_id: rowId, from: timestamp, to: timestamp, points: z.array(trackPoint) })
          .meta({ id: 'VesselTrack' }),
      },
      handle: ({ params, query }, { tracking: deps }) => tracking.vesselTrack(deps.db, params.id, query),
    }),
  ],
  { ownBodies: true },
);
