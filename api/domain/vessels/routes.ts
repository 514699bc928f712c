import { pageOf } from '../../openapi/responses.ts';
import type { Db } from '../../platform/db.ts';
import { idParams } from '../../platform/schemas.ts';
import type { VersionedAnswers } from '../../platform/versioned-answers.ts';
import { Reply } from '../../routing/reply.ts';
import { routeTable } from '../../routing/route.ts';
import { createVessel, updateVessel, vessel, vesselQuery } from './schemas.ts';
import * as vessels from './service.ts';

const duplicates = ['duplicate_imo', 'duplicate_mmsi'] as const;

export interface VesselDeps {
  db: Db;
  /** This replica's kept vessel answers (one per app: replicas share nothing but the database). */
  vesselAnswers: VersionedAnswers;
}

export const vesselRoutes = routeTable<VesselDeps>('vessels', (route) => [
  route({
    method: 'get',
    path: '/vessels',
    id: 'listVessels',
    summary: 'List vessels',
    description: '`q` searches name, IMO and MMSI.',
    access: 'read',
    probe: true,
    query: vesselQuery,
    ok: { description: 'A page of vessels.', schema: pageOf(vessel, 'VesselPage') },
    // JSON text sent as it is: what res.json sent before, byte for byte (answers.test.ts).
    handle: async ({ query }, { db, vesselAnswers }) =>
      Reply.jsonText(await vessels.listVessels(db, vesselAnswers, query)),
  }),
  route({
    method: 'post',
    path: '/vessels',
    id: 'createVessel',
    summary: 'Register a vessel',
    description: 'IMO: 7 digits with a valid check digit; MMSI: 9 digits; flag: ISO 3166-1 alpha-2.',
    access: 'write',
    body: createVessel,
    ok: { status: 201, description: 'The new vessel.', schema: vessel },
    conflicts: duplicates,
    handle: ({ body }, { db }) => vessels.createVessel(db, body),
  }),
  route({
    method: 'get',
    path: '/vessels/:id',
    id: 'getVessel',
    summary: 'One vessel',
    access: 'read',
    probe: true,
    params: idParams,
    ok: { description: 'The vessel.', schema: vessel },
    handle: async ({ params }, { db, vesselAnswers }) =>
      Reply.jsonText(await vessels.getVessel(db, vesselAnswers, params.id)),
  }),
  route({
    method: 'patch',
    path: '/vessels/:id',
    id: 'updateVessel',
    summary: 'Change a vessel',
    description: 'Any subset of the create fields.',
    access: 'write',
    params: idParams,
    body: updateVessel,
    ok: { description: 'The changed vessel.', schema: vessel },
    conflicts: duplicates,
    handle: ({ params, body }, { db }) => vessels.updateVessel(db, params.id, body),
  }),
  route({
    method: 'delete',
    path: '/vessels/:id',
    id: 'deleteVessel',
    summary: 'Delete a vessel without port calls',
    description: 'A vessel with port-call history stays: set its status to `decommissioned` instead.',
    access: 'write',
    params: idParams,
    ok: { status: 204, description: 'Deleted.' },
    conflicts: ['vessel_has_port_calls', 'referenced_record'],
    handle: ({ params }, { db }) => vessels.deleteVessel(db, params.id),
  }),
]);
