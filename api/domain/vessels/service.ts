import { conflict, notFound } from '../../../lib/http/errors.ts';
import type { Db } from '../../platform/db.ts';
import type { CreateVessel, UpdateVessel, VesselQuery } from './schemas.ts';
import * as store from './store.ts';

/** A page of vessels, its items as JSON text (PostgreSQL writes the answer; nothing re-serialises it). */
export const listVessels = (db: Db, query: VesselQuery) => store.listVesselsJson(db, query);

/** One vessel as JSON text. */
export async function getVessel(db: Db, id: number): Promise<string> {
  return (await store.findVesselJson(db, id)) ?? raise(id);
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
