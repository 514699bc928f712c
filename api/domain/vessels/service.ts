import { conflict, notFound } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import type { VersionedAnswers } from '../../platform/versioned-answers.ts';
import type { CreateVessel, UpdateVessel, VesselQuery } from './schemas.ts';
import * as store from './store.ts';

// The two reads answer JSON text kept while no vessel changed (api/platform/versioned-answers.ts),
// made as res.json made it before: JSON.stringify of the same page or row, so not one byte differs.

/** A page of vessels as JSON (UTF-8 bytes). */
export async function listVessels(db: Db, answers: VersionedAnswers, query: VesselQuery): Promise<Buffer> {
  const json = await answers.get(db, `list ${JSON.stringify(query)}`, async (q) =>
    JSON.stringify(await store.listVessels(q, query)),
  );
  return json as Buffer;
}

/** One vessel as JSON (UTF-8 bytes). */
export async function getVessel(db: Db, answers: VersionedAnswers, id: number): Promise<Buffer> {
  const json = await answers.get(db, `id ${id}`, async (q) => {
    const vessel = await store.findVessel(q, id);
    return vessel && JSON.stringify(vessel);
  });
  return json ?? raise(id);
}

export const createVessel = (db: Db, input: CreateVessel) => store.insertVessel(db, input);

export async function updateVessel(db: Db, id: number, change: UpdateVessel) {
  return (await store.updateVessel(db, id, change)) ?? raise(id);
}

/** A vessel with port-call history stays: the history would lose its subject. */
export async function deleteVessel(db: Db, id: number): Promise<void> {
  await db.tx(async (q) => {
    if (!(await store.findVessel(q, id, true))) raise(id);
    if ((await store.countPortCalls(q, id)) > 0)
      throw conflict(
        'vessel_has_port_calls',
        'the vessel has port calls; set its status to decommissioned instead',
      );
    await store.deleteVessel(q, id);
  });
}

function raise(id: number): never {
  throw notFound(`vessel ${id}`);
}
