import { z } from 'zod';
import { vesselStatuses, vesselTypes } from '../../../lib/domain/vocabulary.ts';
import { rowId, timestamp } from '../../openapi/responses.ts';
import { page, search, strictObject, text } from '../../platform/schemas.ts';
import { countryCodes, isValidImo } from './identifiers.ts';

export { vesselStatuses, vesselTypes };

export const mmsi = z.string().regex(/^\d{9}$/, 'MMSI is 9 digits');

const fields = {
  imo: z
    .string()
    .regex(/^\d{7}$/, 'IMO number is 7 digits')
    .refine(isValidImo, 'IMO check digit does not match'),
  mmsi,
  name: text(120),
  type: z.enum(vesselTypes),
  flag: z
    .string()
    .refine((f) => countryCodes.has(f), 'flag must be an ISO 3166-1 alpha-2 code such as PA or NL'),
  gross_tonnage: z.number().int().positive().max(1_000_000),
  length_m: z.number().positive().max(9999.99),
  status: z.enum(vesselStatuses),
};

export const createVessel = strictObject({ ...fields, status: fields.status.optional() });
export const updateVessel = strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export const vesselQuery = strictObject({
  ...page,
  type: z.enum(vesselTypes).optional(),
  status: z.enum(vesselStatuses).optional(),
  flag: fields.flag.optional(),
  q: search.optional(),
});
export type CreateVessel = z.infer<typeof createVessel>;
export type UpdateVessel = z.infer<typeof updateVessel>;
export type VesselQuery = z.infer<typeof vesselQuery>;

/** A vessel as the API answers it. */
export const vessel = z
  .object({
    id: rowId,
    imo: z.string(),
    mmsi: z.string(),
    name: z.string(),
    type: z.enum(vesselTypes),
    flag: z.string(),
    gross_tonnage: z.number().int(),
    length_m: z.number(),
    status: z.enum(vesselStatuses),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Vessel' });
