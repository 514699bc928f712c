import { type EmbeddedOptions, type EmbeddedPostgres, startEmbeddedPostgres } from '../../lib/db/embedded.ts';
import { startPostgresExporter } from '../../local-platform/database-exporters.ts';
import { exporterBinary, type RunningExporterBinary } from '../../local-platform/exporter-binaries.ts';
import type { Duration } from '../../lib/monitoring/index.ts';
import type { RunningPrometheus } from '../../local-platform/prometheus.ts';
import { type RuleWatch, watchExporterWithRules } from './rule-watch.ts';

/**
 * A drill's own temporary PostgreSQL, watched by the real postgres-exporter on its pg_monitor
 * login: drills change server-wide settings (max_connections, archive_command) and break things,
 * which the machine's shared server must never see.
 */
export interface WatchedPostgres {
  db: EmbeddedPostgres;
  exporter: RunningExporterBinary;
  /** Stops the exporter, then the server (whose folder is removed). */
  stop(): Promise<void>;
}

export async function startWatchedPostgres(
  dir: string,
  options: Pick<EmbeddedOptions, 'maxConnections' | 'settings' | 'port'> & {
    /** The exporter's port; default a free one (as the server's). */
    exporterPort?: number;
  } = {},
): Promise<WatchedPostgres> {
  const binary = exporterBinary('postgres');
  if (!binary) throw new Error('prometheus-postgres-exporter is not installed: run scripts/ensure-tools.sh');
  const { exporterPort, ...server } = options;
  const db = await startEmbeddedPostgres(server); // removed on stop
  let exporter: RunningExporterBinary;
  try {
    exporter = await startPostgresExporter({ adminUrl: db.url, dir, port: exporterPort ?? 0, binary });
  } catch (err) {
    await db.stop();
    throw err;
  }
  return {
    db,
    exporter,
    async stop() {
      await exporter.stop();
      await db.stop();
    },
  };
}

/**
 * Prometheus scraping the drill's postgres-exporter every second and evaluating one generated
 * rule file, with only the drilled alerts' `for:` shortened (their expressions stay the stack's,
 * but for a threshold a drill lowers in `more`).
 */
export function watchWithRules(
  watched: WatchedPostgres,
  dir: string,
  ruleFile: string,
  forOverrides: Readonly<Record<string, Duration>>,
  more: Pick<RuleWatch, 'thresholdOverrides' | 'port'> = {},
): Promise<RunningPrometheus> {
  return watchExporterWithRules({
    dir,
    job: 'postgres',
    exporterPort: watched.exporter.port,
    ruleFile,
    forOverrides,
    ...more,
  });
}
