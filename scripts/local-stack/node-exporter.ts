import { join } from 'node:path';
import { freePort } from '../../lib/db/embedded.ts';
import { findBinary } from './binaries.ts';
import { type ManagedProcess, spawnManaged } from './managed-process.ts';
import { waitForHttp } from './wait.ts';

export interface RunningNodeExporter {
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** The node-exporter binary's name on Debian (`prometheus-node-exporter`) or upstream's. */
export const nodeExporterBinary = () => findBinary('prometheus-node-exporter') ?? findBinary('node_exporter');

/** Runs the real node-exporter for this machine on 127.0.0.1, ready once /metrics answers. */
export async function startNodeExporter(options: {
  dir: string;
  port?: number;
  binary: string;
}): Promise<RunningNodeExporter> {
  const port = options.port || (await freePort());
  const proc = spawnManaged('node-exporter', options.binary, [`--web.listen-address=127.0.0.1:${port}`], {
    logFile: join(options.dir, 'node-exporter.log'),
  });
  let exitCode: number | string | undefined;
  void proc.exited.then((code) => (exitCode = code));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/metrics`, {
      what: 'node-exporter ready',
      timeoutMs: 15_000,
      abort: () => (exitCode === undefined ? undefined : `exited with ${exitCode}:\n${proc.tail()}`),
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { port, process: proc, stop: () => proc.stop() };
}
