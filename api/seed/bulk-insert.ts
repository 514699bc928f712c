import type { PoolClient } from 'pg';

/** A column and the PostgreSQL array element type its values are sent as. */
export type Column = readonly [
  name: string,
  type: 'int8' | 'int4' | 'text' | 'numeric' | 'float8' | 'bool' | 'timestamptz' | 'jsonb',
];

const identifier = /^[a-z_][a-z0-9_]*$/;
const rowsPerStatement = 20_000;

/**
 * Inserts many rows with one parameterized statement per chunk: each column travels as one
 * array parameter and `unnest` turns the arrays back into rows. Values are never spliced
 * into the SQL text.
 */
export async function bulkInsert(
  client: PoolClient,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  for (const name of [table, ...columns.map(([c]) => c)])
    if (!identifier.test(name)) throw new Error(`invalid SQL identifier "${name}"`);
  const list = columns.map(([c]) => c).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${list}) SELECT * FROM unnest(${arrays})`;
  for (let from = 0; from < rows.length; from += rowsPerStatement) {
    const chunk = rows.slice(from, from + rowsPerStatement);
    const params = columns.map((_, i) => chunk.map((row) => row[i] ?? null));
    await client.query(sql, params);
  }
}

/** Draws `count` ids from the table's id sequence, so rows can reference each other before insertion. */
export async function reserveIds(client: PoolClient, table: string, count: number): Promise<number[]> {
  if (!identifier.test(table)) throw new Error(`invalid SQL identifier "${table}"`);
  if (count === 0) return [];
  const { rows } = await client.query<{ id: string | number }>(
    `SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id FROM generate_series(1, $2::int)`,
    [table, count],
  );
  return rows.map((r) => Number(r.id));
}
