import type { Queryable } from './db.ts';

/**
 * Builds a WHERE clause from optional filters with numbered parameters, so list endpoints
 * never paste a value into SQL.
 */
export class Filters {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** `clause` uses `$?` where the value goes; skipped when value is undefined. */
  add(clause: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.clauses.push(clause.replaceAll('$?', `$${this.params.length}`));
    return this;
  }

  get where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }

  /** `LIMIT $n OFFSET $m` with the page values appended to params. */
  page(limit: number, offset: number): string {
    this.params.push(limit, offset);
    return `LIMIT $${this.params.length - 1} OFFSET $${this.params.length}`;
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Escapes LIKE wildcards so a search for `50%` means the text "50%". */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface ListQuery {
  operation: string;
  columns: string;
  from: string;
  orderBy: string;
  limit: number;
  offset: number;
}

/** One page of a filtered list and the total matching rows, in one statement. */
export async function listPage<T extends object>(
  q: Queryable,
  filters: Filters,
  list: ListQuery,
): Promise<Page<T>> {
  const where = filters.where;
  const countParams = [...filters.params];
  const rows = await q.query<T & { total_count: number }>(
    list.operation,
    `SELECT ${list.columns}, count(*) OVER () AS total_count FROM ${list.from} ${where} ORDER BY ${list.orderBy} ${filters.page(list.limit, list.offset)}`,
    filters.params,
  );
  // An offset past the end returns no row to carry the window count: ask for it directly.
  const total =
    rows[0]?.total_count ??
    (list.offset === 0
      ? 0
      : ((
          await q.query<{ n: number }>(
            `${list.operation}.count`,
            `SELECT count(*) AS n FROM ${list.from} ${where}`,
            countParams,
          )
        )[0]?.n ?? 0));
  const items = rows.map(({ total_count: _t, ...item }) => item as unknown as T);
  return { items, total, limit: list.limit, offset: list.offset };
}

/** One row by primary key; `lock` takes a row lock (FOR UPDATE) for a read-modify-write. */
export async function findById<T extends object>(
  q: Queryable,
  operation: string,
  table: { columns: string; from: string },
  id: number,
  lock = false,
): Promise<T | undefined> {
  const rows = await q.query<T>(
    operation,
    `SELECT ${table.columns} FROM ${table.from} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}
