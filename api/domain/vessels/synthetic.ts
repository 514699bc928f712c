import { syntheticVessel } from '../../../lib/domain/synthetic-vessel.ts';
import type { Queryable } from '../../platform/db.ts';

/** Creates the reserved synthetic vessel if it is missing (lib/domain/synthetic-vessel.ts). */
export async function ensureSyntheticVessel(q: Queryable): Promise<void> {
  const v = syntheticVessel;
  await q.query(
    'vessels.ensure_synthetic',
    `INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (mmsi) DO NOTHING`,
    [v.imo, v.mmsi, v.name, v.type, v.flag, v.gross_tonnage, v.length_m, v.status],
  );
}
