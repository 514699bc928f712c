import type { Schema } from '../../lib/api-contract/index.ts';
import { syntheticVessel } from '../../lib/domain/synthetic-vessel.ts';
import type { ApiClient } from './api-client.ts';

// The slices of the API's resources the simulator reads, from the OpenAPI document's schemas.
export type Vessel = Pick<
  Schema<'Vessel'>,
  'id' | 'mmsi' | 'name' | 'type' | 'length_m' | 'gross_tonnage' | 'status'
>;
export type Berth = Pick<Schema<'Berth'>, 'id' | 'code' | 'max_length_m'>;
export type Route = Pick<Schema<'SeaRoute'>, 'id' | 'code' | 'direction' | 'status' | 'waypoints'>;
export type PortCall = Pick<
  Schema<'PortCall'>,
  | 'id'
  | 'vessel_id'
  | 'status'
  | 'eta'
  | 'berth_id'
  | 'entry_route_id'
  | 'exit_route_id'
  | 'arrived_at'
  | 'berthed_at'
>;
export type CargoOperation = Pick<
  Schema<'CargoOperation'>,
  'id' | 'port_call_id' | 'status' | 'quantity' | 'quantity_done'
>;
export type Staff = Pick<Schema<'StaffMember'>, 'id' | 'role' | 'active'>;

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
    // numeric columns may travel as strings: normalise once here. The probes' synthetic vessel
    // is no traffic: the simulator never sails it nor calls it into port.
    vessels: vessels
      .filter((v) => v.mmsi !== syntheticVessel.mmsi)
      .map((v) => ({ ...v, length_m: num(v.length_m), gross_tonnage: num(v.gross_tonnage) })),
    berths: berths.map((b) => ({ ...b, max_length_m: num(b.max_length_m) })),
    routes,
    calls: calls.flat(),
    cargo: cargo
      .flat()
      .map((c) => ({ ...c, quantity: num(c.quantity), quantity_done: num(c.quantity_done) })),
  };
}
