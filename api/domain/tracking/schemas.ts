import { z } from 'zod';
import { errorDetail, rowId, timestamp } from '../../openapi/responses.ts';
import { instant, strictObject } from '../../platform/schemas.ts';
import { rejectReasons } from './reports.ts';

/** Page sizes of GET /positions/latest. */
export const latestPage = { defaultLimit: 100, maxLimit: 500 } as const;

export const latestQuery = strictObject({
  limit: z.coerce.number().int().min(1).max(latestPage.maxLimit).default(latestPage.defaultLimit),
  cursor: z
    .string()
    .regex(/^\d{9}$/, 'expected the next_cursor of the previous page (an MMSI)')
    .optional()
    .meta({ description: "the previous page's `next_cursor`: the page starts after this MMSI" }),
  bbox: z
    .string()
    .max(100)
    .transform((s, ctx) => {
      const n = s.split(',').map(Number);
      const [minLon, minLat, maxLon, maxLat] = n;
      const lonOk = (v: number | undefined) => v !== undefined && v >= -180 && v <= 180;
      const latOk = (v: number | undefined) => v !== undefined && v >= -90 && v <= 90;
      if (
        n.length !== 4 ||
        !lonOk(minLon) ||
        !lonOk(maxLon) ||
        !latOk(minLat) ||
        !latOk(maxLat) ||
        minLat! > maxLat!
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected minLon,minLat,maxLon,maxLat on the globe, minLat <= maxLat',
        });
        return z.NEVER;
      }
      return { minLon: minLon!, minLat: minLat!, maxLon: maxLon!, maxLat: maxLat! };
    })
    .optional(),
});

export const trackQuery = strictObject({
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
});

export type LatestQuery = z.infer<typeof latestQuery>;
export type TrackQuery = z.infer<typeof trackQuery>;

// Position reports are checked by hand (reports.ts: thousands per request, one bounded reason per
// refused report), so this schema documents that check rather than performing it; the tracking
// tests hold the two together through the contract check on every answer.
export const positionReport = z
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
export const ingestResult = z
  .object({ accepted: z.number().int().min(0), rejected: z.array(rejection) })
  .meta({ id: 'IngestResult' });
export const nothingIngested = ingestResult
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

export const trackPoint = latestPosition.omit({ mmsi: true, vessel_id: true }).meta({ id: 'TrackPoint' });

export const streamTicket = z
  .object({ ticket: z.string(), expires_at: timestamp })
  .meta({ id: 'StreamTicket' });
