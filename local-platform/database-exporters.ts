import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import { repoRoot } from '../lib/generated.ts';
import { type RunningExporterBinary, startExporterBinary } from './exporter-binaries.ts';

/** The SQL that creates postgres-exporter's login; the Swarm stack runs the same file. */
export const monitorRoleSql = resolve(repoRoot, 'stack/postgres/monitor-role.sql');
export const monitorRole = 'porttrack_monitor';

/** Creates the pg_monitor login through a superuser connection (retried once: concurrent GRANTs can clash). */
export async function ensureMonitorRole(adminUrl: string): Promise<void> {
  const sql = await readFile(monitorRoleSql, 'utf8');
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: adminUrl, application_name: 'porttrack-monitor-role' });
    try {
      await client.connect();
      await client.query(sql);
      return;
    } catch (err) {
      if (attempt >= 2) throw new Error(`cannot create the ${monitorRole} role: ${(err as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** The same server and database as `adminUrl`, as the monitoring login (no password: local trust). */
export function monitorUrl(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.username = monitorRole;
  url.password = '';
  url.searchParams.set('sslmode', 'disable');
  return url.href;
}

/** postgres-exporter on the pg_monitor login; creates that login first. */
export async function startPostgresExporter(options: {
  adminUrl: string;
  dir: string;
  port: number;
  binary: string;
}): Promise<RunningExporterBinary> {
  await ensureMonitorRole(options.adminUrl);
  return startExporterBinary({
    kind: 'postgres',
    dir: options.dir,
    port: options.port,
    binary: options.binary,
    env: { DATA_SOURCE_NAME: monitorUrl(options.adminUrl) },
  });
}

/** redis-exporter watching the Redis the API uses. */
export function startRedisExporter(options: {
  redisUrl: string;
  dir: string;
  port: number;
  binary: string;
}): Promise<RunningExporterBinary> {
  return startExporterBinary({
    kind: 'redis',
    dir: options.dir,
    port: options.port,
    binary: options.binary,
    env: { REDIS_ADDR: options.redisUrl },
  });
}
