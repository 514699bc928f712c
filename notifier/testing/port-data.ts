import { fileURLToPath } from 'node:url';
import { migrate } from '../../lib/db/migrate.ts';
import type { Pool } from '../../lib/db/pool.ts';

const apiMigrations = fileURLToPath(new URL('../../api/migrations/', import.meta.url));

export interface SeededPort {
  arrivals: number;
  departures: number;
  berths: number;
  containersUnloadedTeu: number;
  dryBulkLoadedTonnes: number;
  occupancy: number;
  missingPilots: number;
}

/**
 * The API's schema plus a small, known day of port activity, so digest figures can be checked
 * against numbers the test wrote (all relative to `now`).
 */
export async function seedPort(pool: Pool, now = new Date()): Promise<SeededPort> {
  await migrate(pool, { dir: apiMigrations, table: 'api_schema_migrations' });
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  await pool.query(`
    INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m) VALUES
      ('9000001', '200000001', 'Aurora', 'container', 'ES', 50000, 300),
      ('9000002', '200000002', 'Borealis', 'bulk', 'PT', 30000, 200),
      ('9000003', '200000003', 'Cetus', 'tanker', 'FR', 40000, 250);
    INSERT INTO berths (code, name, max_length_m) VALUES ('B1', 'Berth 1', 350), ('B2', 'Berth 2', 350);
    INSERT INTO staff (employee_no, name, role) VALUES ('E1', 'Ana', 'pilot'), ('E2', 'Luis', 'stevedore');`);
  // Aurora: arrived 20 h ago, berthed on B1 18 h ago, still there. Borealis: arrived 30 h ago
  // (outside the window), berthed on B2 28 h ago, departed 6 h ago. Cetus: arrived 2 h ago, at anchorage.
  await pool.query(
    `INSERT INTO port_calls (vessel_id, status, eta, berth_id, arrived_at, berthed_at, departed_at) VALUES
       (1, 'berthed', $1, 1, $1, $2, NULL),
       (2, 'departed', $3, 2, $3, $4, $5),
       (3, 'at_anchorage', $6, NULL, $6, NULL, NULL)`,
    [at(20), at(18), at(30), at(28), at(6), at(2)],
  );
  await pool.query(
    `INSERT INTO port_call_events (port_call_id, type, at, berth_id) VALUES
       (1, 'arrived', $1, NULL), (1, 'berthed', $2, 1),
       (2, 'arrived', $3, NULL), (2, 'berthed', $4, 2), (2, 'departed', $5, 2),
       (3, 'arrived', $6, NULL)`,
    [at(20), at(18), at(30), at(28), at(6), at(2)],
  );
  await pool.query(
    `INSERT INTO cargo_operations (port_call_id, direction, category, unit, quantity, quantity_done, status)
     VALUES (1, 'unload', 'containers', 'teu', 1000, 450, 'in_progress'),
            (2, 'load', 'dry_bulk', 'tonnes', 5000, 5000, 'completed')`,
  );
  await pool.query(
    `INSERT INTO cargo_progress (cargo_operation_id, quantity_delta, at) VALUES (1, 200, $1), (1, 250, $2), (2, 3000, $3), (2, 2000, $4)`,
    [at(10), at(5), at(26), at(8)],
  );
  await pool.query(`INSERT INTO shifts (name, starts_at, ends_at) VALUES ('Morning', $1, $2)`, [
    at(8),
    at(0),
  ]);
  await pool.query(
    `INSERT INTO shift_requirements (shift_id, role, required) VALUES (1, 'pilot', 3), (1, 'stevedore', 1)`,
  );
  await pool.query(`INSERT INTO shift_staff (shift_id, staff_id) VALUES (1, 1), (1, 2)`);
  // Berth occupancy over 24 h: Aurora 18 h + Borealis 18 h (from the window start) of 2 x 24 h.
  return {
    arrivals: 2,
    departures: 1,
    berths: 2,
    containersUnloadedTeu: 450,
    dryBulkLoadedTonnes: 2000,
    occupancy: 0.75,
    missingPilots: 2,
  };
}
