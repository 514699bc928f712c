import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../lib/net/free-port.ts';
import { findBinary, missingBinaryMessage } from './binaries.ts';
import { type ManagedProcess, spawnManaged } from './managed-process.ts';
import { waitForHttp } from './wait.ts';

export interface AlertmanagerOptions {
  /** Holds alertmanager.yml and the silence/notification-log data. */
  dir: string;
  port?: number;
  /** alertmanager.yml as YAML text (the rules author's render function, pointed at local URLs). */
  config: string;
  binary?: string;
}

export interface RunningAlertmanager {
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Runs the real Alertmanager (no clustering) on 127.0.0.1, resolving once /-/ready answers. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = options.binary ?? findBinary('prometheus-alertmanager') ?? findBinary('alertmanager');
  if (!binary) throw new Error(missingBinaryMessage('prometheus-alertmanager'));
  const port = options.port || (await freePort());
  await mkdir(join(options.dir, 'data'), { recursive: true });
  const configFile = join(options.dir, 'alertmanager.yml');
  await writeFile(configFile, options.config);
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnManaged(
    'alertmanager',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(options.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
    ],
    { logFile: join(options.dir, 'alertmanager.log') },
  );
  let exitCode: number | string | undefined;
  void proc.exited.then((code) => (exitCode = code));
  try {
    await waitForHttp(`${url}/-/ready`, {
      what: 'Alertmanager ready',
      timeoutMs: 20_000,
      abort: () => (exitCode === undefined ? undefined : `exited with ${exitCode}:\n${proc.tail()}`),
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, port, process: proc, stop: () => proc.stop() };
}
