import { join } from 'node:path';
import { freePort } from '../lib/net/free-port.ts';
import { findBinary } from './binaries.ts';
import { type ManagedProcess, spawnManaged } from './managed-process.ts';
import { waitForHttp } from './wait.ts';

/** A third-party Prometheus exporter (a Debian package's binary) running for the local platform. */
export interface RunningExporterBinary {
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** The exporters `npm start` and the e2e suite run, by Debian binary name (upstream name second). */
export const exporterBinaries = {
  node: ['prometheus-node-exporter', 'node_exporter'],
  postgres: ['prometheus-postgres-exporter', 'postgres_exporter'],
  redis: ['prometheus-redis-exporter', 'redis_exporter'],
  blackbox: ['prometheus-blackbox-exporter', 'blackbox_exporter'],
} as const;

export type ExporterKind = keyof typeof exporterBinaries;

export const exporterBinary = (kind: ExporterKind): string | undefined =>
  exporterBinaries[kind].map((name) => findBinary(name)).find(Boolean);

/** node-exporter's binary, where installed. */
export const nodeExporterBinary = () => exporterBinary('node');

/**
 * Runs an exporter binary on 127.0.0.1, ready once /metrics answers. `env` carries what it
 * connects to (postgres-exporter's DATA_SOURCE_NAME, redis-exporter's REDIS_ADDR): never
 * a command-line argument, which `ps` shows.
 */
export async function startExporterBinary(options: {
  kind: ExporterKind;
  dir: string;
  port?: number;
  binary: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}): Promise<RunningExporterBinary> {
  const name = `${options.kind}-exporter`;
  const port = options.port || (await freePort());
  const proc = spawnManaged(
    name,
    options.binary,
    [`--web.listen-address=127.0.0.1:${port}`, ...(options.args ?? [])],
    { logFile: join(options.dir, `${name}.log`), env: { ...process.env, ...options.env } },
  );
  let exitCode: number | string | undefined;
  void proc.exited.then((code) => (exitCode = code));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/metrics`, {
      what: `${name} ready`,
      timeoutMs: 15_000,
      abort: () => (exitCode === undefined ? undefined : `exited with ${exitCode}:\n${proc.tail()}`),
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { port, process: proc, stop: () => proc.stop() };
}
