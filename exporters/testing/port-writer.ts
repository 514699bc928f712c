import type { Pool } from '../../lib/db/pool.ts';
import { syntheticVessel } from '../../lib/domain/synthetic-vessel.ts';

/** Inserts rows the way the API stores them and returns what it inserted, for expectations. */
export class PortWriter {
  private seq = 0;
  constructor(private readonly pool: Pool) {}

  private async insert<T>(table: string, row: Record<string, unknown>): Promise<T & { id: number }> {
    const keys = Object.keys(row);
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(row),
    );
    return { ...(row as T), id: Number(rows[0]?.id) };
  }

  vessel(type: string) {
    const n = ++this.seq;
    return this.insert<{ type: string; mmsi: string }>('vessels', {
      imo: String(1000000 + n),
      mmsi: String(200000000 + n),
      name: `Vessel ${n}`,
      type,
      flag: 'ES',
      gross_tonnage: 1000,
      length_m: 100,
    });
  }

  /** The reserved synthetic vessel, as the API creates it for the probes. */
  syntheticVessel() {
    return this.insert<{ type: string; mmsi: string }>('vessels', { ...syntheticVessel });
  }

  berth(code: string) {
    return this.insert<{ code: string }>('berths', { code, name: code, max_length_m: 300 });
  }

  route(code: string, status: 'open' | 'closed') {
    return this.insert<{ code: string; status: string }>('routes', {
      code,
      name: code,
      direction: 'both',
      waypoints: JSON.stringify({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
      status,
    });
  }

  portCall(row: {
    vessel_id: number;
    status: string;
    berth_id?: number;
    entry_route_id?: number;
    exit_route_id?: number;
    arrived_at?: Date;
    departed_at?: Date;
  }) {
    return this.insert<typeof row>('port_calls', { eta: new Date(), ...row });
  }

  event(row: { port_call_id: number; type: string; at: Date }) {
    return this.insert<typeof row>('port_call_events', row);
  }

  cargo(row: {
    port_call_id: number;
    category: string;
    unit: string;
    quantity: number;
    quantity_done: number;
    status: string;
    last_progress_at?: Date;
    started_at?: Date;
  }) {
    return this.insert<typeof row>('cargo_operations', { direction: 'unload', ...row });
  }

  progress(row: { cargo_operation_id: number; quantity_delta: number }) {
    return this.insert<typeof row>('cargo_progress', { at: new Date(), ...row });
  }

  staff(role: string, active = true) {
    const n = ++this.seq;
    return this.insert<{ role: string; active: boolean }>('staff', {
      employee_no: `E${n}`,
      name: `Person ${n}`,
      role,
      active,
    });
  }

  async shift(row: {
    starts_at: Date;
    ends_at: Date;
    requirements?: Record<string, number>;
    staff?: number[];
  }) {
    const shift = await this.insert<{ starts_at: Date; ends_at: Date }>('shifts', {
      name: 'shift',
      starts_at: row.starts_at,
      ends_at: row.ends_at,
    });
    for (const [role, required] of Object.entries(row.requirements ?? {})) {
      await this.pool.query('INSERT INTO shift_requirements (shift_id, role, required) VALUES ($1, $2, $3)', [
        shift.id,
        role,
        required,
      ]);
    }
    for (const staffId of row.staff ?? []) {
      await this.pool.query('INSERT INTO shift_staff (shift_id, staff_id) VALUES ($1, $2)', [
        shift.id,
        staffId,
      ]);
    }
    return { ...shift, requirements: row.requirements ?? {}, staff: row.staff ?? [] };
  }

  assignment(row: {
    staff_id: number;
    port_call_id: number;
    cargo_operation_id?: number;
    starts_at: Date;
    ends_at: Date;
  }) {
    return this.insert<typeof row>('assignments', row);
  }

  async position(row: { vessel_id: number; mmsi: string; ts: Date; received_at: Date }) {
    await this.insert('positions', { ...row, lat: 36.1, lon: -5.4 });
    await this.pool.query(
      `INSERT INTO vessel_latest_positions (mmsi, vessel_id, ts, lat, lon, received_at)
       VALUES ($1, $2, $3, 36.1, -5.4, $4)
       ON CONFLICT (mmsi) DO UPDATE SET ts = excluded.ts, received_at = excluded.received_at`,
      [row.mmsi, row.vessel_id, row.ts, row.received_at],
    );
  }
}

export const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
export const hence = (seconds: number) => new Date(Date.now() + seconds * 1000);
