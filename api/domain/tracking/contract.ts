import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../openapi/operation.ts';
import { errorDetail, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { rejectReasons } from './reports.ts';
import { latestPage, latestQuery, trackQuery } from './schemas.ts';

// Position reports are checked by hand (reports.ts: thousands per request, one bounded reason per
// refused report), so this schema documents that check rather than performing it; the tracking
// tests hold the two together through the contract check on every answer.
const positionReport = z
  .object({
    mmsi: z.union([z.string().regex(/^\d{9}$/), z.number().int()]).meta({ description: '9 digits' }),
    ts: z.string().meta({
      format: 'date-time',
      description:
        'ISO 8601; at most 30 s ahead of (`PORTTRACK_INGEST_FUTURE_TOLERANCE_S`) and 7 days behind the server clock',
    }),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    sog: z.number().min(0).max(102.3).nullable().optional().meta({ description: 'knots' }),
    cog: z.number().min(0).max(360).nullable().optional(),
    heading: z
      .union([z.number().int().min(0).max(359), z.literal(511)])
      .nullable()
      .optional()
      .meta({ description: '511: not available' }),
    nav_status: z.number().int().min(0).max(15).nullable().optional(),
  })
  .meta({ id: 'PositionReport', description: 'One AIS-like report; extra fields are ignored.' });

const rejection = z.object({ index: z.number().int().min(0), reason: z.enum(rejectReasons) });
const ingestResult = z
  .object({ accepted: z.number().int().min(0), rejected: z.array(rejection) })
  .meta({ id: 'IngestResult' });
const nothingIngested = ingestResult
  .extend({ error: z.string(), details: z.array(errorDetail) })
  .meta({ id: 'NothingIngested' });

export const latestPosition = z
  .object({
    mmsi: z.string(),
    vessel_id: rowId.nullable().meta({ description: 'null for an MMSI without a registered vessel' }),
    ts: timestamp,
    lat: z.number(),
    lon: z.number(),
    sog: z.number().nullable(),
    cog: z.number().nullable(),
    heading: z.number().int().nullable(),
    nav_status: z.number().int().nullable(),
  })
  .meta({ id: 'LatestPosition' });

const trackPoint = latestPosition.omit({ mmsi: true, vessel_id: true }).meta({ id: 'TrackPoint' });

export const streamTicket = z
  .object({ ticket: z.string(), expires_at: timestamp })
  .meta({ id: 'StreamTicket' });

const tag = 'tracking';

export const trackingPaths: ZodOpenApiPathsObject = {
  '/api/v1/positions': {
    post: operation({
      id: 'ingestPositions',
      summary: 'Report positions (AIS feed)',
      description:
        'At most 5,000 reports per request (more is 413), body at most 4 MB. Each report is checked on its own: ' +
        'the valid ones are stored, the others refused with their index and one reason. ' +
        'Reports of MMSIs without a vessel are stored with `vessel_id: null`. ' +
        'The `probe` role may report the reserved synthetic vessel (MMSI 999000001) only: any other MMSI is 403.',
      tag,
      access: 'write',
      probe: true,
      content: {
        'application/json': { schema: z.array(positionReport).max(5000) },
        'application/x-ndjson': {
          schema: z.string().meta({ description: 'one PositionReport per line' }),
        },
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
    }),
  },
  '/api/v1/positions/latest': {
    get: operation({
      id: 'latestPositions',
      summary: 'The latest position of every vessel, a page at a time',
      description:
        `Pages in MMSI order: at most \`limit\` positions (default ${latestPage.defaultLimit}, at most ${latestPage.maxLimit}); ` +
        'while `next_cursor` is not null, ask again with `cursor=<next_cursor>` for the next page. ' +
        'The cursor is the last MMSI of the page, so vessels appearing or moving between requests shift no page. ' +
        '`bbox=minLon,minLat,maxLon,maxLat` keeps the positions inside the box (`minLon > maxLon` crosses the antimeridian), then pages them.',
      tag,
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
    }),
  },
  '/api/v1/positions/stream': {
    get: {
      ...operation({
        id: 'streamPositions',
        summary: 'Live positions (server-sent events)',
        description:
          'One `position` event (a LatestPosition) per vessel whose latest position changed, `: heartbeat` comments every 15 s. ' +
          'EventSource cannot send headers: give a `?ticket=` from POST /positions/stream/tickets instead (tokens are never accepted in the URL). ' +
          'The stream ends when the token expires; a client too slow to read is dropped. ' +
          'At most `PORTTRACK_STREAM_MAX_PER_USER` streams per user (429 `too_many_streams`) and `PORTTRACK_STREAM_MAX_CLIENTS` per replica (503 `stream_capacity`).',
        tag,
        access: 'read',
        ok: { description: 'An event stream that stays open.' },
      }),
      parameters: [
        {
          name: 'ticket',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'a stream ticket (valid 30 s), instead of the Authorization header',
        },
      ],
    },
  },
  '/api/v1/positions/stream/tickets': {
    post: operation({
      id: 'createStreamTicket',
      summary: 'A short-lived ticket that opens the live position stream',
      description:
        'For EventSource, which cannot send headers: the ticket goes in the stream URL, lives 30 seconds, opens nothing but the stream, and the stream it opens still ends when this token does.',
      tag,
      access: 'read',
      ok: { status: 201, description: 'The ticket.', schema: streamTicket },
    }),
  },
  '/api/v1/vessels/{id}/track': {
    get: operation({
      id: 'vesselTrack',
      summary: "A vessel's positions over time",
      description: 'Default the last 24 h, at most `limit` points (10,000; up to 50,000), oldest first.',
      tag,
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
    }),
  },
};
