import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../net/free-port.ts';

export interface OwnRedis {
  url: string;
  port: number;
  /** Stops the server (connections drop, the port refuses): a real Redis outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface OwnRedisOptions {
  /** More redis-server arguments, e.g. `--aclfile FILE`. */
  args?: string[];
  /** The default user's password, when `args` set one: in `url`, and to check it answers. */
  password?: string;
}

/**
 * A Redis server of the test's own (redis-server from Debian's package), on a free port and
 * without persistence, so a test can stop it without touching the machine's shared Redis.
 */
export async function startOwnRedis(options: OwnRedisOptions = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'pt-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        ...(options.args ?? []),
      ],
      { stdio: 'ignore' },
    );
    child.once('error', () => undefined);
    await untilAnswers(port, options.password);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `redis://${options.password ? `:${options.password}@` : ''}127.0.0.1:${port}`,
    port,
    start,
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function untilAnswers(port: number, password?: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const redis = new Redis({
      port,
      host: '127.0.0.1',
      password,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${port} did not answer: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      redis.disconnect();
    }
  }
}
