import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceChild {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * A service started as `npm run <service>` would: `node --import tsx <entry>` in its own process,
 * on the given port and environment (nothing inherited but PATH), ready once /metrics answers.
 */
export async function startServiceChild(
  entry: string,
  port: number,
  env: Record<string, string>,
): Promise<ServiceChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited during start:\n${output}`);
        return fetch(`${url}/metrics`).then(
          (res) => res.ok,
          () => false,
        );
      },
      `${entry} to answer /metrics on port ${port}`,
      60_000,
      200,
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return { url, output: () => output, stop };
}
