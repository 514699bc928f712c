import type { VesselType } from '../seed/fleet.ts';
import type { LonLat } from '../seed/geo.ts';
import type { StaffRole } from '../seed/staff.ts';
import type { ApiClient } from './api-client.ts';

// The slices of the API's resources the simulator reads (docs/api.md: field names are the database's).
export interface Vessel {
  id: number;
  mmsi: string;
  name: string;
  type: VesselType;
  length_m: number;
  gross_tonnage: number;
  status: string;
}
export interface Berth {
  id: number;
  code: string;
  max_length_m: number;
}
export interface Route {
  id: number;
  code: string;
  direction: 'entry' | 'exit' | 'both';
  status: 'open' | 'closed';
  waypoints: { type: 'LineString'; coordinates: LonLat[] };
}
export interface PortCall {
  id: number;
  vessel_id: number;
  status: 'expected' | 'at_anchorage' | 'berthed' | 'departed' | 'cancelled';
  eta: string;
  berth_id: number | null;
  entry_route_id: number | null;
  exit_route_id: number | null;
  arrived_at: string | null;
  berthed_at: string | null;
}
export interface CargoOperation {
  id: number;
  port_call_id: number;
  status: 'planned' | 'in_progress' | 'completed' | 'stalled' | 'cancelled';
  quantity: number;
  quantity_done: number;
}
export interface Staff {
  id: number;
  role: StaffRole;
  active: boolean;
}

/** What the port looks like through the API at the start of a tick. */
export interface World {
  vessels: Vessel[];
  berths: Berth[];
  routes: Route[];
  /** Open calls: expected, at anchorage, berthed. */
  calls: PortCall[];
  /** Cargo operations not finished: planned, in progress, stalled. */
  cargo: CargoOperation[];
}

const num = (v: unknown) => Number(v);

/** Reads the port's current state; every list is read in full. */
export async function fetchWorld(api: ApiClient, cached?: Pick<World, 'berths' | 'routes'>): Promise<World> {
  const [vessels, berths, routes, calls, cargo] = await Promise.all([
    api.listAll<Vessel>('/vessels'),
    cached ? Promise.resolve(cached.berths) : api.listAll<Berth>('/berths'),
    cached ? Promise.resolve(cached.routes) : api.listAll<Route>('/routes'),
    Promise.all(
      ['expected', 'at_anchorage', 'berthed'].map((status) =>
        api.listAll<PortCall>('/port-calls', { status }),
      ),
    ),
    Promise.all(
      ['planned', 'in_progress', 'stalled'].map((status) =>
        api.listAll<CargoOperation>('/cargo-operations', { status }),
      ),
    ),
  ]);
  return {
    // numeric columns may travel as strings: normalise once here.
    vessels: vessels.map((v) => ({ ...v, length_m: num(v.length_m), gross_tonnage: num(v.gross_tonnage) })),
    berths: berths.map((b) => ({ ...b, max_length_m: num(b.max_length_m) })),
    routes,
    calls: calls.flat(),
    cargo: cargo
      .flat()
      .map((c) => ({ ...c, quantity: num(c.quantity), quantity_done: num(c.quantity_done) })),
  };
}
