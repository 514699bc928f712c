import type pg from 'pg';

/**
 * The day partitions of `positions` (api/migrations/0003_positions_by_day.sql): one table per UTC
 * day named positions_YYYYMMDD, holding [day 00:00Z, next day 00:00Z), and positions_default for
 * rows of a day that has none. Days are 'YYYY-MM-DD' strings.
 */
export const defaultPartition = 'positions_default';

export function partitionName(day: string): string {
  // Names and bounds are written into DDL: only well-formed days get there.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
  return `positions_${day.replaceAll('-', '')}`;
}

const dayOfName = (name: string) => {
  const m = /^positions_(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};

/** The UTC day of an instant, and the day after a day. */
export const utcDay = (at: Date | number) => new Date(at).toISOString().slice(0, 10);
export const nextDay = (day: string) => utcDay(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
const bounds = (day: string) => [`${day} 00:00:00+00`, `${nextDay(day)} 00:00:00+00`] as const;

/** The days that have a partition, oldest first. */
export async function partitionDays(client: pg.ClientBase | pg.Pool): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'positions'::regclass`,
  );
  return rows
    .map((r) => dayOfName(r.name))
    .filter((d): d is string => d !== undefined)
    .sort();
}

/**
 * Adds the day's partition, taking over the rows the default partition holds for that day.
 * Built beside the table and then attached: ATTACH takes a lock on `positions` that lets reads
 * and writes go on (CREATE ... PARTITION OF would block them). Runs in the caller's transaction.
 */
export async function createDayPartition(client: pg.ClientBase, day: string): Promise<number> {
  const name = partitionName(day);
  const [from, to] = bounds(day);
  await client.query(`CREATE TABLE ${name} (LIKE positions INCLUDING CONSTRAINTS)`);
  const moved = await client.query(
    `WITH moved AS (DELETE FROM ${defaultPartition} WHERE ts >= $1 AND ts < $2 RETURNING *)
     INSERT INTO ${name} SELECT * FROM moved`,
    [from, to],
  );
  await client.query(
    `ALTER TABLE positions ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}')`,
  );
  return moved.rowCount ?? 0;
}

export async function dropDayPartition(client: pg.ClientBase, day: string): Promise<void> {
  await client.query(`DROP TABLE ${partitionName(day)}`);
}

/** Deletes the default partition's rows older than `before`; returns how many. */
export async function deleteExpiredDefaultRows(client: pg.ClientBase, before: Date): Promise<number> {
  const result = await client.query(`DELETE FROM ${defaultPartition} WHERE ts < $1`, [before]);
  return result.rowCount ?? 0;
}
