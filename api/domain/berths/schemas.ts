import { z } from 'zod';
import { rowId, timestamp } from '../../openapi/responses.ts';
import { page, search, strictObject, text } from '../../platform/schemas.ts';

export const createBerth = strictObject({
  code: text(32),
  name: text(120),
  max_length_m: z.number().positive().max(9999.99),
});
export const berthQuery = strictObject({
  ...page,
  q: search.optional(),
  /** Berths that take a vessel of this length. */
  min_length_m: z.coerce.number().positive().max(9999.99).optional(),
});

/** A berth as the API answers it. */
export const berth = z
  .object({ id: rowId, code: z.string(), name: z.string(), max_length_m: z.number(), created_at: timestamp })
  .meta({ id: 'Berth' });
