import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';

export interface MigrationOptions {
  /** Folder of versioned files named NNNN_description.sql, applied in name order. */
  dir: string;
  /** Table that records what has been applied; one per owner so services do not collide. */
  table: string;
  log?: (message: string) => void;
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock
 * so that replicas starting at once apply them exactly once: the others wait, then find
 * nothing to do. A file changed after it was applied is refused (its checksum differs).
 */
export async function migrate(pool: pg.Pool, options: MigrationOptions): Promise<string[]> {
  const files = (await readdir(options.dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const lockKey = advisoryKey(options.table);
  try {
    // A migration may rewrite a large table: the pool's statement timeout (meant for requests)
    // does not apply to it, nor to waiting for the lock while another replica migrates.
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${ident(options.table)} (
         version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = new Map(
      (
        await client.query<{ version: string; checksum: string }>(
          `SELECT version, checksum FROM ${ident(options.table)}`,
        )
      ).rows.map((r) => [r.version, r.checksum]),
    );
    const done: string[] = [];
    for (const file of files) {
      const sql = await readFile(join(options.dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = applied.get(file);
      if (previous !== undefined) {
        if (previous !== checksum)
          throw new Error(`migration ${file} was edited after it was applied; add a new migration instead`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(`INSERT INTO ${ident(options.table)} (version, checksum) VALUES ($1, $2)`, [
          file,
          checksum,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`);
      }
      options.log?.(`applied migration ${file}`);
      done.push(file);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
}

function advisoryKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid table name ${name}`);
  return name;
}
