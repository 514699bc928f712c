import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { vesselStatuses, vesselTypes } from '../../../lib/domain/vocabulary.ts';
import { operation } from '../../openapi/operation.ts';
import { pageOf, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { createVessel, updateVessel, vesselQuery } from './schemas.ts';

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

const tag = 'vessels';
const duplicates = ['duplicate_imo', 'duplicate_mmsi'] as const;

export const vesselPaths: ZodOpenApiPathsObject = {
  '/api/v1/vessels': {
    get: operation({
      id: 'listVessels',
      summary: 'List vessels',
      description: '`q` searches name, IMO and MMSI.',
      tag,
      access: 'read',
      probe: true,
      query: vesselQuery,
      ok: { description: 'A page of vessels.', schema: pageOf(vessel, 'VesselPage') },
    }),
    post: operation({
      id: 'createVessel',
      summary: 'Register a vessel',
      description: 'IMO: 7 digits with a valid check digit; MMSI: 9 digits; flag: ISO 3166-1 alpha-2.',
      tag,
      access: 'write',
      body: createVessel,
      ok: { status: 201, description: 'The new vessel.', schema: vessel },
      conflicts: duplicates,
    }),
  },
  '/api/v1/vessels/{id}': {
    get: operation({
      id: 'getVessel',
      summary: 'One vessel',
      tag,
      access: 'read',
      probe: true,
      params: idParams,
      ok: { description: 'The vessel.', schema: vessel },
    }),
    patch: operation({
      id: 'updateVessel',
      summary: 'Change a vessel',
      description: 'Any subset of the create fields.',
      tag,
      access: 'write',
      params: idParams,
      body: updateVessel,
      ok: { description: 'The changed vessel.', schema: vessel },
      conflicts: duplicates,
    }),
    delete: operation({
      id: 'deleteVessel',
      summary: 'Delete a vessel without port calls',
      description: 'A vessel with port-call history stays: set its status to `decommissioned` instead.',
      tag,
      access: 'write',
      params: idParams,
      ok: { status: 204, description: 'Deleted.' },
      conflicts: ['vessel_has_port_calls', 'referenced_record'],
    }),
  },
};
