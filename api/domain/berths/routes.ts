import { pageOf } from '../../openapi/responses.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import { routeTable } from '../../routing/route.ts';
import * as berths from './berths.ts';
import { berth, berthQuery, createBerth } from './schemas.ts';

export const berthRoutes = routeTable<{ db: Db }>('berths', (route) => [
  route({
    method: 'get',
    path: '/berths',
    id: 'listBerths',
    summary: 'List berths',
    description: '`min_length_m` lists the berths that take a vessel that long; `q` searches code and name.',
    access: 'read',
    query: berthQuery,
    ok: { description: 'A page of berths.', schema: pageOf(berth, 'BerthPage') },
    handle: ({ query }, { db }) => berths.listBerths(db, query),
  }),
  route({
    method: 'post',
    path: '/berths',
    id: 'createBerth',
    summary: 'Add a berth',
    access: 'write',
    body: createBerth,
    ok: { status: 201, description: 'The new berth.', schema: berth },
    conflicts: ['duplicate_code'],
    handle: ({ body }, { db }) => berths.createBerthRow(db, body),
  }),
  route({
    method: 'get',
    path: '/berths/:id',
    id: 'getBerth',
    summary: 'One berth',
    access: 'read',
    params: idParams,
    ok: { description: 'The berth.', schema: berth },
    handle: ({ params }, { db }) => berths.getBerth(db, params.id),
  }),
]);
