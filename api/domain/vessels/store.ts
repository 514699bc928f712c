import type { Queryable } from '../../platform/db.ts';
import { Filters, findById, likePattern, listPage } from '../../platform/sql.ts';
import type { CreateVessel, UpdateVessel, VesselQuery } from './schemas.ts';

export interface Vessel {
  id: number;
  imo: string;
  mmsi: string;
  name: string;
  type: string;
  flag: string;
  gross_tonnage: number;
  length_m: number;
  status: string;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, imo, mmsi, name, type, flag, gross_tonnage, length_m, status, created_at, updated_at';

export function listVessels(q: Queryable, query: VesselQuery) {
  const filters = new Filters()
    .add('type = $?', query.type)
    .add('status = $?', query.status)
    .add('flag = $?', query.flag)
    .add(
      '(name ILIKE $? OR imo LIKE $? OR mmsi LIKE $?)',
      query.q === undefined ? undefined : likePattern(query.q),
    );
  return listPage<Vessel>(q, filters, {
    operation: 'vessels.list',
    columns,
    from: 'vessels',
    orderBy: 'id',
    limit: query.limit,
    offset: query.offset,
  });
}

export function findVessel(q: Queryable, id: number, lock = false): Promise<Vessel | undefined> {
  return findById<Vessel>(q, 'vessels.get', { columns: columns, from: 'vessels' }, id, lock);
}

export async function insertVessel(q: Queryable, v: CreateVessel): Promise<Vessel> {
  const rows = await q.query<Vessel>(
    'vessels.insert',
    `INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, 'active')) RETURNING ${columns}`,
    [v.imo, v.mmsi, v.name, v.type, v.flag, v.gross_tonnage, v.length_m, v.status ?? null],
  );
  return rows[0] as Vessel;
}

const updatable = ['imo', 'mmsi', 'name', 'type', 'flag', 'gross_tonnage', 'length_m', 'status'] as const;

export async function updateVessel(
  q: Queryable,
  id: number,
  change: UpdateVessel,
): Promise<Vessel | undefined> {
  const keys = updatable.filter((k) => change[k] !== undefined);
  const sets = keys.map((k, i) => `${k} = $${i + 2}`);
  const rows = await q.query<Vessel>(
    'vessels.update',
    `UPDATE vessels SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
    [id, ...keys.map((k) => change[k])],
  );
  return rows[0];
}

export async function countPortCalls(q: Queryable, vesselId: number): Promise<number> {
  const rows = await q.query<{ n: number }>(
    'vessels.port_call_count',
    'SELECT count(*) AS n FROM port_calls WHERE vessel_id = $1',
    [vesselId],
  );
  return rows[0]?.n ?? 0;
}

export async function deleteVessel(q: Queryable, id: number): Promise<void> {
  await q.query('vessels.delete', 'DELETE FROM vessels WHERE id = $1', [id]);
}
