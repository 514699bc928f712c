import type { z } from 'zod';
import { notFound } from '../../../lib/http/errors.ts';
import type { Queryable } from '../../platform/db.ts';
import { Filters, likePattern, listPage } from '../../platform/sql.ts';
import type { berthQuery, createBerth } from './schemas.ts';

export interface Berth {
  id: number;
  code: string;
  name: string;
  max_length_m: number;
  created_at: Date;
}

const columns = 'id, code, name, max_length_m, created_at';

export function listBerths(q: Queryable, query: z.infer<typeof berthQuery>) {
  const filters = new Filters()
    .add('(code ILIKE $? OR name ILIKE $?)', query.q === undefined ? undefined : likePattern(query.q))
    .add('max_length_m >= $?', query.min_length_m);
  return listPage<Berth>(q, filters, {
    operation: 'berths.list',
    columns,
    from: 'berths',
    orderBy: 'id',
    limit: query.limit,
    offset: query.offset,
  });
}

export async function getBerth(q: Queryable, id: number): Promise<Berth> {
  const rows = await q.query<Berth>('berths.get', `SELECT ${columns} FROM berths WHERE id = $1`, [id]);
  if (!rows[0]) throw notFound(`berth ${id}`);
  return rows[0];
}

export async function createBerthRow(q: Queryable, b: z.infer<typeof createBerth>): Promise<Berth> {
  const rows = await q.query<Berth>(
    'berths.insert',
    `INSERT INTO berths (code, name, max_length_m) VALUES ($1, $2, $3) RETURNING ${columns}`,
    [b.code, b.name, b.max_length_m],
  );
  return rows[0] as Berth;
}
