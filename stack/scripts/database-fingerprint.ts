// What a restore must bring back, as one comparable record: every table's rows (count and an
// order-independent checksum), every sequence's value, and what the rows live in: each relation's
// kind, owner, grants and partition bounds, each index, every schema's owner, grants and comment,
// and the default privileges. Two databases with equal fingerprints hold the same data under the
// same structure and privileges. Shared by the backup/restore tests; production never imports it.
import pg from 'pg';

const userSchemas = "nspname <> 'information_schema' AND nspname !~ '^pg_'";
// Grants as they act: an explicit list equal to the owner's defaults (what GRANT then REVOKE
// leaves) and no list at all (what a restore makes of it) are the same privileges; in one order.
const grants = (acl: string, kind: string, owner: string) =>
  `(SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(coalesce(${acl}, acldefault(${kind}, ${owner}))) a)`;

export async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    const tables = await client.query<{ t: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    for (const { t } of tables.rows) {
      const { rows } = await client.query<{ n: number; sum: string }>(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(r::text), ',' ORDER BY md5(r::text))), '') AS sum FROM ${t} r`,
      );
      out[t] = `${rows[0]!.n} rows ${rows[0]!.sum}`;
    }
    const seqs = await client.query<{ s: string; v: string | null }>(
      "SELECT sequencename AS s, last_value::text AS v FROM pg_sequences WHERE schemaname = 'public'",
    );
    for (const { s, v } of seqs.rows) out[`sequence ${s}`] = String(v);
    const relations = await client.query<{ r: string; v: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS r,
              concat_ws(' ', c.relkind, pg_get_userbyid(c.relowner), ${grants('c.relacl', `CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char"`, 'c.relowner')}, pg_get_expr(c.relpartbound, c.oid)) AS v
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE ${userSchemas} AND c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')`,
    );
    for (const { r, v } of relations.rows) out[`relation ${r}`] = v;
    const indexes = await client.query<{ i: string; v: string }>(
      `SELECT format('%I.%I', schemaname, indexname) AS i, indexdef AS v FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    for (const { i, v } of indexes.rows) out[`index ${i}`] = v;
    const schemas = await client.query<{ s: string; v: string }>(
      `SELECT nspname AS s, concat_ws(' ', pg_get_userbyid(nspowner), ${grants('nspacl', `'n'`, 'nspowner')}, obj_description(oid, 'pg_namespace')) AS v
       FROM pg_namespace WHERE ${userSchemas}`,
    );
    for (const { s, v } of schemas.rows) out[`schema ${s}`] = v;
    const defaults = await client.query<{ d: string; v: string }>(
      `SELECT concat_ws(' ', pg_get_userbyid(defaclrole), coalesce(defaclnamespace::regnamespace::text, '-'), defaclobjtype) AS d,
              defaclacl::text AS v
       FROM pg_default_acl`,
    );
    for (const { d, v } of defaults.rows) out[`default privileges ${d}`] = v;
    return out;
  } finally {
    await client.end();
  }
}
