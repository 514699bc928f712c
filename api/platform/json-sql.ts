import type { Queryable } from './db.ts';
import { type Filters, type ListQuery, totalOf } from './sql.ts';

// Answers whose JSON text PostgreSQL writes, byte for byte what `res.json` makes of the rows pg
// returns (api/domain/vessels/answers.test.ts compares the two): the API then neither builds a row
// object, a Date and a string per value nor serialises them again, it passes one text through.
// `row_to_json` writes compact JSON (no spaces), keys in select-list order, and escapes strings as
// JSON.stringify does (`\"`, `\\`, `\n`-style escapes, other control characters as `\u00xx`;
// PostgreSQL text holds neither NUL nor lone surrogates, the only other cases JSON.stringify has).

/**
 * How a column's value is written, matching what lib/db/pool.ts's type parsers give JSON.stringify:
 * - `plain`: text, char(n) (padded, as pg returns it), integer, bigint below 2^53;
 * - `numeric`: trailing zeros dropped (`120.50` -> `120.5`, `120.00` -> `120`), as Number() does,
 *   exact for numerics of at most 15 significant digits;
 * - `timestamptz`: `2026-06-01T08:00:00.123Z` in UTC, sub-millisecond digits dropped, as
 *   Date#toJSON after the parser; for years 1 to 9999 (Date writes others as `+010000`).
 */
export type JsonKind = 'plain' | 'numeric' | 'timestamptz';

export type JsonShape = Readonly<Record<string, JsonKind>>;

/** The shape's columns as a plain select list (`id, imo, ...`), for the queries that want rows. */
export const columnsOf = (shape: JsonShape) => Object.keys(shape).join(', ');

/** `row_to_json` of alias `t`'s columns, each written as its kind says: one JSON object text. */
function objectOf(shape: JsonShape): string {
  const fields = Object.entries(shape).map(([name, kind]) => `${valueOf(`t.${name}`, kind)} AS ${name}`);
  return `(SELECT row_to_json(j) FROM (SELECT ${fields.join(', ')}) j)::text`;
}

function valueOf(column: string, kind: JsonKind): string {
  if (kind === 'numeric') return `trim_scale(${column})`;
  if (kind === 'timestamptz') return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return column;
}

/** A page whose items are one JSON array text. */
export interface JsonPage {
  items: string;
  total: number;
  limit: number;
  offset: number;
}

/** The page as the API answers it: `{"items":[...],"total":n,"limit":n,"offset":n}`. */
export const pageText = (page: JsonPage) =>
  `{"items":${page.items},"total":${page.total},"limit":${page.limit},"offset":${page.offset}}`;

/** listPage's page (same filters, order, limit and total), its items written by PostgreSQL. */
export async function listPageJson(
  q: Queryable,
  filters: Filters,
  list: Omit<ListQuery, 'columns'> & { shape: JsonShape },
): Promise<JsonPage> {
  const where = filters.where;
  const countParams = [...filters.params];
  const rows = await q.query<{ items: string | null; total: number | null }>(
    list.operation,
    `SELECT string_agg(${objectOf(list.shape)}, ',' ORDER BY t.page_order) AS items, max(t.total_count) AS total
     FROM (SELECT ${columnsOf(list.shape)}, count(*) OVER () AS total_count,
                  row_number() OVER (ORDER BY ${list.orderBy}) AS page_order
           FROM ${list.from} ${where} ORDER BY ${list.orderBy} ${filters.page(list.limit, list.offset)}) t`,
    filters.params,
  );
  const page = rows[0];
  const total = await totalOf(q, page?.total ?? undefined, list, where, countParams);
  return { items: `[${page?.items ?? ''}]`, total, limit: list.limit, offset: list.offset };
}

/** findById's row as the JSON object text PostgreSQL writes, or undefined when there is none. */
export async function findByIdJson(
  q: Queryable,
  operation: string,
  table: { shape: JsonShape; from: string },
  id: number,
): Promise<string | undefined> {
  const rows = await q.query<{ json: string }>(
    operation,
    `SELECT ${objectOf(table.shape)} AS json FROM (SELECT ${columnsOf(table.shape)} FROM ${table.from} WHERE id = $1) t`,
    [id],
  );
  return rows[0]?.json;
}
