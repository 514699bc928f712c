import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../openapi/operation.ts';
import { pageOf, rowId, timestamp } from '../../openapi/responses.ts';
import { idParams } from '../../platform/schemas.ts';
import { berthQuery, createBerth } from './berths.ts';

export const berth = z
  .object({ id: rowId, code: z.string(), name: z.string(), max_length_m: z.number(), created_at: timestamp })
  .meta({ id: 'Berth' });

const tag = 'berths';

export const berthPaths: ZodOpenApiPathsObject = {
  '/api/v1/berths': {
    get: operation({
      id: 'listBerths',
      summary: 'List berths',
      description:
        '`min_length_m` lists the berths that take a vessel that long; `q` searches code and name.',
      tag,
      access: 'read',
      query: berthQuery,
      ok: { description: 'A page of berths.', schema: pageOf(berth, 'BerthPage') },
    }),
    post: operation({
      id: 'createBerth',
      summary: 'Add a berth',
      tag,
      access: 'write',
      body: createBerth,
      ok: { status: 201, description: 'The new berth.', schema: berth },
      conflicts: ['duplicate_code'],
    }),
  },
  '/api/v1/berths/{id}': {
    get: operation({
      id: 'getBerth',
      summary: 'One berth',
      tag,
      access: 'read',
      params: idParams,
      ok: { description: 'The berth.', schema: berth },
    }),
  },
};
