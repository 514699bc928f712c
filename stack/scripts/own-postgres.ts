// What the tests that run a PostgreSQL of their own share (never the machine's shared one):
// Debian's server binaries, a free port in the caller's range, running a program as the server's
// user, and waiting for a condition. As root, PostgreSQL refuses to run: everything runs as the
// `postgres` user (serverUser()).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Owner } from '../../lib/db/embedded.ts';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Debian's server binaries (initdb, pg_ctl, postgres): /usr/lib/postgresql/<newest>/bin, or the PATH. */
export function serverBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length) return join(root, versions[0]!, 'bin');
  const onPath = (process.env.PATH ?? '').split(':').find((d) => existsSync(join(d, 'initdb')));
  if (onPath) return onPath;
  throw new Error(
    'this test needs PostgreSQL server binaries (initdb, postgres): install Debian package postgresql (scripts/ensure-tools.sh does)',
  );
}

/** A free port on 127.0.0.1 in [from, from + count). */
export async function freePortInRange(from: number, count: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = from + Math.floor(Math.random() * count);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${from + count - 1}`);
}

/** Runs a program (as `owner` when given) and collects its exit code and output. */
export function runAs(owner: Owner | undefined, file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { ...(owner ?? {}), env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Polls `check` until it answers true; a thrown "exited" error ends the wait at once. */
export async function runUntil(timeoutMs: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      if ((err as Error).message.startsWith('PostgreSQL exited')) throw err;
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
