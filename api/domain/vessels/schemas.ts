import { z } from 'zod';
import { page, search, strictObject, text } from '../../platform/schemas.ts';
import { countryCodes, isValidImo } from './identifiers.ts';
import { vesselStatuses, vesselTypes } from '../../../lib/domain/vocabulary.ts';

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
