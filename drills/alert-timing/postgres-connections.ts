import pg from 'pg';
import type { EmbeddedPostgres } from '../../lib/db/embedded.ts';
import type { RunningExporterBinary } from '../../local-platform/exporter-binaries.ts';
import { startWatchedPostgres } from './watched-postgres.ts';

/**
 * The PostgreSQL-connections drill's own server: a temporary PostgreSQL with a small
 * `max_connections` and the real postgres-exporter on its pg_monitor login, so a drill can
 * crowd it past the alert's threshold without ever touching the machine's shared server
 * (`max_connections` is server-wide).
 */
export interface ConnectionsDrill {
  db: EmbeddedPostgres;
  exporter: RunningExporterBinary;
  maxConnections: number;
  /** Opens idle sessions (as the superuser, who may use the reserved slots) until `inUse` of them are open, the exporter's counted. */
  fill(inUse: number): Promise<void>;
  /** Closes every session `fill` opened. */
  release(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConnectionsDrill(options: {
  dir: string;
  maxConnections: number;
}): Promise<ConnectionsDrill> {
  const watched = await startWatchedPostgres(options.dir, { maxConnections: options.maxConnections });
  const { db, exporter } = watched;
  const held: pg.Client[] = [];
  const release = () =>
    Promise.all(held.splice(0).map((c) => c.end().catch(() => undefined))).then(() => undefined);
  return {
    db,
    exporter,
    maxConnections: options.maxConnections,
    async fill(inUse) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      held.push(client);
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'",
      );
      for (let open = rows[0]!.n; open < inUse; open++) {
        const more = new pg.Client({ connectionString: db.url });
        await more.connect();
        held.push(more);
      }
    },
    release,
    async stop() {
      await release();
      await watched.stop();
    },
  };
}
