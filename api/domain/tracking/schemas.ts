import { z } from 'zod';
import { instant, strictObject } from '../../platform/schemas.ts';

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
