import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../lib/generated.ts';

export interface ApiProcess {
  url: string;
  /** The Node.js version the API runs on. */
  node: string;
  httpMetrics: boolean;
  /** The API process, for its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

const serveEntry = new URL('./serve.ts', import.meta.url).pathname;
const bareEntry = new URL('./bare.ts', import.meta.url).pathname;

/**
 * Starts the API (bench/api/serve.ts) under the given Node binary and waits until it listens;
 * `checkout` starts another checkout's API instead (its own bench/api/serve.ts), for a before/after.
 */
export const spawnApi = (
  nodeBinary: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  checkout?: string,
) => spawnServer(nodeBinary, checkout ? join(checkout, 'bench/api/serve.ts') : serveEntry, env, nodeArgs);

/** Starts the bare Express handler (bench/api/bare.ts), the yardstick of every API figure. */
export const spawnBare = (nodeBinary: string) => spawnServer(nodeBinary, bareEntry, {});

function spawnServer(
  nodeBinary: string,
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  startTimeoutMs = 90_000,
): Promise<ApiProcess> {
  const child = spawn(nodeBinary, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (why: string) => {
      if (ready) return;
      void stop();
      reject(new Error(`API under ${nodeBinary} did not start: ${why}\n${stderr.join('').slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`no BENCH_READY within ${startTimeoutMs} ms`), startTimeoutMs);
    child.once('exit', (code) => fail(`exited with ${code}`));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('BENCH_READY ')) return;
      clearTimeout(timer);
      ready = true;
      const info = JSON.parse(line.slice('BENCH_READY '.length)) as Omit<ApiProcess, 'stop' | 'pid'>;
      resolve({ ...info, pid: child.pid as number, stop });
    });
  });
}

/** The processes a benchmark started, so that one `finally` stops every one that did start. */
export class ServerSet {
  private readonly started: ApiProcess[] = [];

  /** Waits for a process to listen and keeps it for stopAll(). */
  async start(spawning: Promise<ApiProcess>): Promise<ApiProcess> {
    const server = await spawning;
    this.started.push(server);
    return server;
  }

  async stopAll(): Promise<void> {
    for (const server of this.started) await server.stop();
  }
}
