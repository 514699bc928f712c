import type { Pool } from '../../lib/db/pool.ts';

/**
 * Bulk-loads a port with generate_series. The port itself (fleet, berths, routes, staff, the
 * vessels in port now, the cargo being worked) has a fixed size; the history grows with the
 * size: per 100 position rows, one past port call with 3 events, 2 cargo operations with 5
 * progress rows each and 2 staff assignments, and 3 shifts per 20 port calls (one day).
 */
export const fleet = 2000;
const berths = 40;
const staffCount = 300;
export const positionsPerCall = 100;
/** Port calls per day, so past calls spread back in time as history grows. */
const callsPerDay = 20;
const callSpacingMinutes = (24 * 60) / callsPerDay;
const positionSpacingSeconds = (callSpacingMinutes * 60) / positionsPerCall;

const types = `ARRAY['container','bulk','tanker','roro','passenger','tug','fishing','other']`;
const roles = `ARRAY['pilot','tug_master','mooring','stevedore','crane_operator','inspector','coordinator']`;
const cargoKinds = `(VALUES (0,'containers','teu'),(1,'dry_bulk','tonnes'),(2,'liquid_bulk','tonnes'),
  (3,'breakbulk','tonnes'),(4,'vehicles','units'),(5,'passengers','units')) AS k(n, category, unit)`;

/** The port as it is now: fixed whatever the history. */
export async function seedPort(pool: Pool): Promise<void> {
  await pool.query(`
    INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m)
    SELECT lpad(g::text, 7, '0'), (200000000 + g)::text, 'Vessel ' || g, (${types})[1 + g % 8], 'ES', 1000 + g, 150
      FROM generate_series(1, ${fleet}) g;
    INSERT INTO berths (code, name, max_length_m)
    SELECT 'B' || lpad(g::text, 2, '0'), 'Berth ' || g, 400 FROM generate_series(1, ${berths}) g;
    INSERT INTO routes (code, name, direction, waypoints, status)
    SELECT 'R' || g, 'Route ' || g, 'both', '{"type":"LineString","coordinates":[[0,0],[1,1]]}',
           CASE WHEN g = 6 THEN 'closed' ELSE 'open' END
      FROM generate_series(1, 6) g;
    INSERT INTO staff (employee_no, name, role)
    SELECT 'E' || g, 'Person ' || g, (${roles})[1 + g % 7] FROM generate_series(1, ${staffCount}) g;

    -- In port now: 30 berthed, 20 at anchorage, 50 expected.
    INSERT INTO port_calls (vessel_id, status, eta, berth_id, entry_route_id, exit_route_id, arrived_at, berthed_at)
    SELECT g, CASE WHEN g <= 30 THEN 'berthed' WHEN g <= 50 THEN 'at_anchorage' ELSE 'expected' END,
           now() + interval '1 hour', CASE WHEN g <= 30 THEN g END, 1 + g % 5, 1 + (g + 1) % 6,
           CASE WHEN g <= 50 THEN now() - g * interval '10 minutes' END,
           CASE WHEN g <= 30 THEN now() - g * interval '5 minutes' END
      FROM generate_series(1, 100) g;
    INSERT INTO port_call_events (port_call_id, type, at)
    SELECT id, 'arrived', arrived_at FROM port_calls WHERE arrived_at IS NOT NULL;
    INSERT INTO port_call_events (port_call_id, type, at)
    SELECT id, 'berthed', berthed_at FROM port_calls WHERE berthed_at IS NOT NULL;

    -- The cargo being worked: 2 operations per berthed vessel, some stalled.
    INSERT INTO cargo_operations (port_call_id, direction, category, unit, quantity, quantity_done, status,
                                  started_at, last_progress_at)
    SELECT pc.id, 'unload', k.category, k.unit, 1000, 100 * j,
           (ARRAY['planned','in_progress','stalled'])[1 + (pc.id + j) % 3],
           now() - interval '3 hours', now() - (pc.id * 4) * interval '1 minute'
      FROM port_calls pc CROSS JOIN generate_series(0, 1) j JOIN ${cargoKinds} ON k.n = (pc.id + j) % 6
     WHERE pc.status = 'berthed';

    -- Latest positions of the whole fleet, some older than the staleness threshold.
    INSERT INTO vessel_latest_positions (mmsi, vessel_id, ts, lat, lon, received_at)
    SELECT mmsi, id, now() - (id % 1200) * interval '1 second', 36.1, -5.4, now() - (id % 1200) * interval '1 second'
      FROM vessels;

    -- The current shift, its requirements, roster and the assignments to the work in progress.
    INSERT INTO shifts (name, starts_at, ends_at) VALUES ('current', now() - interval '2 hours', now() + interval '6 hours');
    INSERT INTO shift_requirements (shift_id, role, required)
    SELECT currval('shifts_id_seq'), r, 8 FROM unnest(${roles}) r;
    INSERT INTO shift_staff (shift_id, staff_id) SELECT currval('shifts_id_seq'), g FROM generate_series(1, 50) g;
    INSERT INTO assignments (staff_id, port_call_id, cargo_operation_id, starts_at, ends_at)
    SELECT 1 + co.id % 50, co.port_call_id, co.id, now() - interval '1 hour', now() + interval '2 hours'
      FROM cargo_operations co WHERE co.id % 3 <> 0;
  `);
}

export interface HistorySize {
  positions: number;
  calls: number;
}

/**
 * Appends history up to `target` position rows, in chunks, reporting progress. Rows go further
 * back in time as the history grows, as a real port's would.
 */
export async function growHistory(
  pool: Pool,
  from: HistorySize,
  targetPositions: number,
  progress: (message: string) => void,
): Promise<HistorySize> {
  const targetCalls = Math.floor(targetPositions / positionsPerCall);
  const chunk = 500_000;
  for (let start = from.positions; start < targetPositions; start += chunk) {
    const end = Math.min(targetPositions, start + chunk);
    await pool.query(
      `INSERT INTO positions (vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status, received_at)
       SELECT 1 + g % ${fleet}, (200000001 + g % ${fleet})::text, t, 36 + (g % 1000) / 1000.0, -5.5 + (g % 777) / 1000.0,
              (g % 20)::real, (g % 360)::real, (g % 360)::smallint, 0, t + interval '2 seconds'
         FROM generate_series($1::bigint, $2::bigint) g,
              LATERAL (SELECT now() - interval '1 minute' - g * interval '${positionSpacingSeconds} seconds' AS t) ts`,
      [start, end - 1],
    );
    progress(`positions ${end.toLocaleString('en')} / ${targetPositions.toLocaleString('en')}`);
  }
  const callChunk = 20_000;
  for (let start = from.calls; start < targetCalls; start += callChunk) {
    const end = Math.min(targetCalls, start + callChunk);
    await pool.query(
      `WITH calls AS (
         INSERT INTO port_calls (vessel_id, status, eta, berth_id, entry_route_id, exit_route_id,
                                 arrived_at, berthed_at, departed_at, created_at, updated_at)
         SELECT 101 + g % (${fleet} - 100), 'departed', d - interval '20 hours', 1 + g % ${berths}, 1 + g % 5,
                1 + (g + 2) % 5, d - interval '20 hours', d - interval '18 hours', d, d - interval '20 hours', d
           FROM generate_series($1::bigint, $2::bigint) g,
                LATERAL (SELECT now() - interval '30 minutes' - g * interval '${callSpacingMinutes} minutes' AS d) x
         RETURNING id, arrived_at, berthed_at, departed_at),
       events AS (
         INSERT INTO port_call_events (port_call_id, type, at, created_at)
         SELECT id, e.type, e.at, e.at FROM calls,
                LATERAL (VALUES ('arrived', arrived_at), ('berthed', berthed_at), ('departed', departed_at)) e(type, at)),
       assigned AS (
         INSERT INTO assignments (staff_id, port_call_id, starts_at, ends_at)
         SELECT 1 + (id * 7 + j) % ${staffCount}, id, berthed_at, departed_at FROM calls, generate_series(0, 1) j)
       INSERT INTO cargo_operations (port_call_id, direction, category, unit, quantity, quantity_done, status,
                                     started_at, completed_at, last_progress_at, created_at)
       SELECT c.id, 'load', k.category, k.unit, 500, 500, 'completed', c.berthed_at, c.departed_at, c.departed_at, c.arrived_at
         FROM calls c CROSS JOIN generate_series(0, 1) j JOIN ${cargoKinds} ON k.n = (c.id + j) % 6`,
      [start, end - 1],
    );
    await pool.query(
      `INSERT INTO cargo_progress (cargo_operation_id, quantity_delta, at, created_at)
       SELECT co.id, 100, co.completed_at - s * interval '20 minutes', co.completed_at - s * interval '20 minutes'
         FROM cargo_operations co CROSS JOIN generate_series(0, 4) s
        WHERE co.status = 'completed' AND co.id > (SELECT coalesce(max(cargo_operation_id), 0) FROM cargo_progress)`,
    );
    progress(
      `port calls ${end.toLocaleString('en')} / ${targetCalls.toLocaleString('en')} (with events, cargo, assignments)`,
    );
  }
  // Three shifts a day over the span of the history, 10 people each.
  const days = Math.ceil(targetCalls / callsPerDay);
  const fromDays = Math.ceil(from.calls / callsPerDay);
  if (days > fromDays) {
    await pool.query(
      `WITH s AS (
         INSERT INTO shifts (name, starts_at, ends_at)
         SELECT 'past', date_trunc('day', now()) - d * interval '1 day' + h * interval '8 hours',
                date_trunc('day', now()) - d * interval '1 day' + h * interval '8 hours' + interval '8 hours'
           FROM generate_series($1::int, $2::int) d CROSS JOIN generate_series(0, 2) h
         RETURNING id)
       INSERT INTO shift_staff (shift_id, staff_id)
       SELECT s.id, 1 + (s.id * 13 + j * 29) % ${staffCount} FROM s CROSS JOIN generate_series(0, 9) j`,
      [fromDays + 1, days],
    );
  }
  return { positions: targetPositions, calls: targetCalls };
}

/** Table sizes as PostgreSQL counts them (exact counts, after the load). */
export async function tableCounts(pool: Pool): Promise<Record<string, number>> {
  const tables = [
    'positions',
    'port_calls',
    'port_call_events',
    'cargo_operations',
    'cargo_progress',
    'assignments',
    'shifts',
  ];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    out[table] = Number(rows[0]?.n);
  }
  return out;
}
