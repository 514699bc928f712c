import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a command and returns its trimmed stdout; throws with its stderr on failure. */
export function run(
  cmd: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  }).trim();
}

export const docker = (...args: string[]) => run('docker', args);

function succeeds(cmd: string, args: string[]): boolean {
  try {
    run(cmd, args);
    return true;
  } catch {
    return false;
  }
}

/**
 * A CLI newer than the engine (here a docker 28 client first on the PATH, Debian's engine 20.10)
 * sends service specs with fields the engine stores differently (an empty DNSConfig), so every
 * `docker stack deploy` looks like a change and replaces every task. Use the engine's own client
 * when one is installed, as a VM with Docker Engine has.
 */
function useDaemonsOwnClient(notes: string[]): (() => void) | undefined {
  const [client, server] = docker('version', '--format', '{{.Client.Version}} {{.Server.Version}}').split(
    ' ',
  );
  const major = (v = '') => v.split('.')[0];
  if (major(client) === major(server)) return;
  const own = '/usr/bin/docker';
  if (!existsSync(own) || major(run(own, ['version', '--format', '{{.Client.Version}}'])) !== major(server))
    return;
  const dir = mkdtempSync(join(tmpdir(), 'porttrack-docker-cli-'));
  symlinkSync(own, join(dir, 'docker'));
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path}`;
  notes.push(
    `used the engine's own client ${own} (engine ${server}; the first docker on the PATH was ${client})`,
  );
  return () => {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  };
}

export interface DockerHost {
  /** Stops what this run started (dockerd), leaving a daemon that was already there alone. */
  release(): Promise<void>;
  startedDaemon: boolean;
  notes: string[];
}

/**
 * A Docker Engine, whatever state the machine was in: installs docker.io when the CLI or daemon
 * is missing, starts dockerd when none answers (release() stops it again), makes / a shared
 * mount (as systemd does on a real host; node-exporter's rslave mount needs it) and puts the
 * engine's own client first on the PATH.
 */
export async function ensureDockerEngine(log: (line: string) => void): Promise<DockerHost> {
  const notes: string[] = [];
  if (!succeeds('which', ['dockerd']) || !succeeds('which', ['docker'])) {
    log('installing docker.io (apt-get)');
    run('apt-get', ['install', '-y', '-qq', 'docker.io'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    notes.push('installed docker.io');
  }
  let daemon: ReturnType<typeof spawn> | undefined;
  if (!succeeds('docker', ['info'])) {
    log('starting dockerd');
    const out = openSync('/var/log/porttrack-test-dockerd.log', 'a');
    daemon = spawn('dockerd', [], { stdio: ['ignore', out, out], detached: true });
    daemon.unref();
    const deadline = Date.now() + 60_000;
    while (!succeeds('docker', ['info'])) {
      if (Date.now() > deadline)
        throw new Error('dockerd did not answer within 60 s: see /var/log/porttrack-test-dockerd.log');
      await new Promise((r) => setTimeout(r, 500));
    }
    notes.push('started dockerd for this run');
  }
  if (run('findmnt', ['-no', 'PROPAGATION', '/']) !== 'shared') {
    run('mount', ['--make-rshared', '/']);
    notes.push('made / a shared mount (node-exporter mounts it rslave)');
  }
  const restoreClient = useDaemonsOwnClient(notes);
  return {
    startedDaemon: daemon !== undefined,
    notes,
    async release() {
      restoreClient?.();
      if (!daemon?.pid) return;
      log('stopping the dockerd this run started');
      process.kill(daemon.pid, 'SIGTERM');
      const deadline = Date.now() + 30_000;
      while (isAlive(daemon.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    },
  };
}

/**
 * ensureDockerEngine() with a single-node Swarm: inits the Swarm or leaves the one that is there.
 * The node gets the label PostgreSQL is pinned to.
 */
export async function ensureDockerSwarm(log: (line: string) => void): Promise<DockerHost> {
  const host = await ensureDockerEngine(log);
  const swarm = docker('info', '--format', '{{.Swarm.LocalNodeState}}');
  if (swarm === 'pending' || swarm === 'error') docker('swarm', 'leave', '--force');
  if (swarm !== 'active') {
    log('initialising a single-node Swarm');
    docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
    host.notes.push('initialised a single-node Swarm');
  }
  const node = docker('info', '--format', '{{.Swarm.NodeID}}');
  // The database's node holds the streaming standby too: one node (BACKUP_RECOVERY.md).
  docker(
    'node',
    'update',
    '--label-add',
    'porttrack.db=true',
    '--label-add',
    'porttrack.db-standby=true',
    node,
  );
  return host;
}

/** Signal 0 asks whether the process exists (no /bin/kill needed: a fresh Debian has none). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
