// A primary and its streaming standby of the test's own (Debian's server binaries, initdb in a
// temporary folder, ports in 23000-23999), never the machine's shared PostgreSQL. The standby
// is made exactly as the stack makes it: its server runs under stack/scripts/standby-setup.sh,
// which copies the primary with pg_basebackup through a replication slot, then execs the server.
// promote() runs stack/scripts/promote-standby.sh. As root everything runs as `postgres`, from
// a copy of the scripts in the temporary folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chown, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serverUser } from '../../lib/db/embedded.ts';
import { repoRoot } from '../../lib/generated.ts';
import { type Ran, freePortInRange, runAs, runUntil, serverBinDir } from './own-postgres.ts';

export interface OwnServer {
  name: string;
  port: number;
  url: string;
  /** libpq's key=value form, as promote-standby.sh takes it. */
  conninfo: string;
  dataDir: string;
  /** Starts the server (for the standby: through standby-setup.sh) and waits until it answers. */
  start(): Promise<void>;
  /** SIGKILL to the postmaster: the machine is gone, nothing is flushed or sent any more. */
  kill9(): Promise<void>;
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The last start's output (standby-setup.sh's lines, then the server's log). */
  log(): string;
}

export interface StandbyPair {
  dir: string;
  primary: OwnServer;
  standby: OwnServer;
  /** Runs a copied stack script (path relative to stack/scripts) as the server's user. */
  script(path: string, args: string[], extraEnv?: Record<string, string>): Promise<Ran>;
  /** promote-standby.sh for the standby, checking the primary's address. */
  promote(args?: string[]): Promise<Ran>;
  /** The documented switch for RPO 0, run on the primary. */
  synchronous(on: boolean): Promise<void>;
  dispose(): Promise<void>;
}

export const standbySlot = 'standby';

export async function startStandbyPair(): Promise<StandbyPair> {
  const owner = serverUser();
  const bin = serverBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'standby-pair-'));
  await cp(join(repoRoot, 'stack/scripts'), join(dir, 'scripts'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
  if (owner) for (const path of await allPaths(dir)) await chown(path, owner.uid, owner.gid);
  const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, LANG: 'C.UTF-8', TZ: 'UTC' };
  const primaryPort = await freePortInRange(23000, 500);
  const standbyPort = await freePortInRange(23500, 500);

  const server = (name: string, port: number, command: string[]): OwnServer => {
    const dataDir = join(dir, name);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let running: ChildProcess | undefined;
    let output = '';
    const flags = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`];
    const self: OwnServer = {
      name,
      port,
      url,
      conninfo: `host=127.0.0.1 port=${port} user=postgres dbname=postgres`,
      dataDir,
      async start() {
        output = '';
        const logFile = createWriteStream(join(dir, `${name}.log`), { flags: 'a' });
        const [file, ...args] = [...command, join(bin, 'postgres'), ...flags];
        const child = spawn(file!, args, {
          ...(owner ?? {}),
          env: { ...env, PGDATA: dataDir, PRIMARY_HOST: '127.0.0.1', PRIMARY_PORT: String(primaryPort), STANDBY_SLOT: standbySlot },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        running = child;
        for (const stream of [child.stdout, child.stderr])
          stream?.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            logFile.write(chunk);
          });
        await runUntil(60_000, `${name} on ${port} answering (log: ${dir}/${name}.log)`, async () => {
          if (child.exitCode !== null) throw new Error(`PostgreSQL exited (${name}): ${output}`);
          await self.query('SELECT 1');
          return true;
        });
      },
      async kill9() {
        const child = running;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
      async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
        await client.connect();
        try {
          return (await client.query<T>(sql, params)).rows;
        } finally {
          await client.end();
        }
      },
      log: () => output,
    };
    return self;
  };

  const primary = server('primary', primaryPort, []);
  const standby = server('standby', standbyPort, [join(dir, 'scripts/standby-setup.sh')]);
  const init = await runAs(owner, join(bin, 'initdb'), ['-D', primary.dataDir, '-U', 'postgres', '--auth=trust'], env);
  if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr}`);

  const script = (path: string, args: string[], extraEnv: Record<string, string> = {}) =>
    runAs(owner, join(dir, 'scripts', path), args, { ...env, PGCONNECT_TIMEOUT: '3', ...extraEnv });
  const pair: StandbyPair = {
    dir,
    primary,
    standby,
    script,
    promote: (args = []) =>
      script('promote-standby.sh', ['--standby', standby.conninfo, '--old-primary', primary.conninfo, ...args]),
    async synchronous(on) {
      await primary.query(
        on ? `ALTER SYSTEM SET synchronous_standby_names = '${standbySlot}'` : 'ALTER SYSTEM RESET synchronous_standby_names',
      );
      await primary.query('SELECT pg_reload_conf()');
    },
    async dispose() {
      await primary.kill9();
      await standby.kill9();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return pair;
}

async function allPaths(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return [dir, ...entries.filter((e) => !e.isSymbolicLink()).map((e) => join(e.parentPath, e.name))];
}
