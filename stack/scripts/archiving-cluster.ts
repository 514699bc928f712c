// A PostgreSQL cluster of the PITR test's own (Debian's server binaries, initdb in a temporary
// folder, its own port in 44000-44999), never the machine's shared one, archiving into two
// pgBackRest repositories exactly as the stack does: the server runs under
// stack/postgres/with-archiving.sh (archiving.conf's settings), archive_command calls
// porttrack-pgbackrest (stack/scripts/pgbackrest.sh), pgBackRest reads the stack's
// stack/pgbackrest/pgbackrest.conf with only paths, port and socket overridden (PGBACKREST_*).
// As root everything runs as the `postgres` user (PostgreSQL refuses root), from a copy of the
// scripts in the temporary folder, which that user can read even when the checkout sits in
// root's private home.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readdirSync } from 'node:fs';
import { chown, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serverUser } from '../../lib/db/embedded.ts';
import { repoRoot } from '../../lib/generated.ts';
import { type Ran, freePortInRange, runAs, runUntil, serverBinDir } from './own-postgres.ts';

export type { Ran };

export interface ArchivingCluster {
  port: number;
  url: string;
  dataDir: string;
  /** The temporary folder: copies of the scripts, repositories, keys, logs. */
  dir: string;
  /** Runs a copied stack script (path relative to stack/) as the server's user, with the cluster's environment. */
  script(path: string, args: string[], extraEnv?: Record<string, string | undefined>): Promise<Ran>;
  start(): Promise<void>;
  /** Stops the server at once, as a lost machine would (no shutdown checkpoint). */
  crash(): Promise<void>;
  /** Removes the data folder: the disk is gone. */
  destroyData(): Promise<void>;
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Until PostgreSQL has finished recovery and accepts writes. */
  waitUntilPrimary(timeoutMs: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function startArchivingCluster(): Promise<ArchivingCluster> {
  const owner = serverUser();
  const bin = serverBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'pitr-cluster-'));
  const own = async (path: string) => {
    if (owner) await chown(path, owner.uid, owner.gid);
  };
  for (const part of ['scripts', 'postgres', 'pgbackrest'])
    await cp(join(repoRoot, 'stack', part), join(dir, 'stack', part), {
      recursive: true,
      filter: (src) => !src.endsWith('.ts'),
    });
  await mkdir(join(dir, 'bin'));
  await symlink(join(dir, 'stack/scripts/pgbackrest.sh'), join(dir, 'bin/porttrack-pgbackrest'));
  await mkdir(join(dir, 'sock'));
  await writeFile(join(dir, 'repo1.key'), 'a key for the local repository\n', { mode: 0o600 });
  await writeFile(join(dir, 'repo2.key'), 'another key for the off-site repository\n', { mode: 0o600 });
  const chownAll = async (path: string) => {
    await own(path);
    for (const entry of readdirSync(path, { withFileTypes: true }))
      if (entry.isDirectory()) await chownAll(join(path, entry.name));
      else if (!entry.isSymbolicLink()) await own(join(path, entry.name));
  };
  await chownAll(dir);

  const port = await freePortInRange(44000, 1000);
  const dataDir = join(dir, 'data');
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(dir, 'bin')}:${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    PGBACKREST_CONFIG: join(dir, 'stack/pgbackrest/pgbackrest.conf'),
    PGBACKREST_REPO1_PATH: join(dir, 'repo1'),
    PGBACKREST_REPO2_PATH: join(dir, 'repo2'),
    PGBACKREST_PG1_PATH: dataDir,
    PGBACKREST_PG1_PORT: String(port),
    PGBACKREST_PG1_SOCKET_PATH: join(dir, 'sock'),
    PGBACKREST_LOCK_PATH: join(dir, 'lock'),
    BACKUP_ENCRYPTION_KEY_FILE: join(dir, 'repo1.key'),
    BACKUP_OFFSITE_KEY_FILE: join(dir, 'repo2.key'),
  };
  const init = await runAs(owner, join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust'], env);
  if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr}`);

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;
  let starts = 0;
  const cluster: ArchivingCluster = {
    port,
    url,
    dataDir,
    dir,
    script: (path, args, extraEnv = {}) =>
      runAs(owner, join(dir, 'stack', path), args, { ...env, ...extraEnv }),
    async start() {
      const log = createWriteStream(join(dir, `server-${++starts}.log`));
      server = spawn(
        join(dir, 'stack/postgres/with-archiving.sh'),
        [
          ...['postgres', '-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
          ...['-c', `unix_socket_directories=${join(dir, 'sock')}`],
        ],
        { ...(owner ?? {}), env: { ...env, ARCHIVING_CONF: undefined }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      server.stdout?.pipe(log);
      server.stderr?.pipe(log);
      await runUntil(30_000, `PostgreSQL on ${port} accepting connections (log: ${dir}/server-${starts}.log)`, async () => {
        if (server?.exitCode !== null) throw new Error(`PostgreSQL exited (log: ${dir}/server-${starts}.log)`);
        await cluster.query('SELECT 1');
        return true;
      });
    },
    async crash() {
      const s = server;
      if (!s || s.exitCode !== null) return;
      const exited = new Promise((resolve) => s.once('exit', resolve));
      s.kill('SIGQUIT'); // immediate shutdown: no checkpoint, no last WAL switch
      await exited;
    },
    async destroyData() {
      await rm(dataDir, { recursive: true, force: true });
    },
    async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async waitUntilPrimary(timeoutMs) {
      await runUntil(timeoutMs, 'PostgreSQL out of recovery', async () => {
        if (server?.exitCode !== null) throw new Error(`PostgreSQL exited (log: ${dir}/server-${starts}.log)`);
        const [row] = await cluster.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
        return row?.r === false;
      });
    },
    async dispose() {
      await cluster.crash();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
