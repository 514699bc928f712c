import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ManagedProcess {
  name: string;
  pid: number;
  /** Resolves with the exit code (or signal name) once the process group leader has exited. */
  exited: Promise<number | string>;
  /** False once the process has exited, for whatever reason. */
  readonly alive: boolean;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  tail(lines?: number): string;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves after exit. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group at once (a crash); resolves after exit. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Also append everything the process writes to this file. */
  logFile?: string;
  /** Opens an IPC channel (Node children): messages the child sends arrive here. */
  onMessage?: (message: unknown) => void;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

/**
 * Starts a child in its own process group so that stopping it also stops anything it forked.
 * If this Node process dies without stopping its children, an exit hook kills the groups,
 * so a crashed test or Ctrl-C never leaves a Prometheus behind.
 */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions = {},
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: options.onMessage ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  if (options.onMessage) child.on('message', options.onMessage);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  const buffer: string[] = [];
  const log: WriteStream | undefined = options.logFile
    ? createWriteStream(options.logFile, { flags: 'a' })
    : undefined;
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    buffer.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (buffer.length > 400) buffer.splice(0, buffer.length - 200);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let alive = true;
  const exited = exitOf(child).finally(() => {
    alive = false;
    log?.end();
  });

  const managed: ManagedProcess = {
    name,
    pid,
    exited,
    get alive() {
      return alive;
    },
    tail: (lines = 20) => buffer.slice(-lines).join('\n'),
    async stop(graceMs = 5000) {
      if (!live.has(managed)) return void (await exited);
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The leader is gone; make sure nothing it forked outlives it.
      signalGroup(pid, 'SIGKILL');
      live.delete(managed);
    },
    async kill() {
      signalGroup(pid, 'SIGKILL');
      await exited;
      live.delete(managed);
    },
  };
  live.add(managed);
  void exited.then(() => {
    if (!live.has(managed)) return;
    signalGroup(pid, 'SIGKILL');
    live.delete(managed);
  });
  installExitHook();
  return managed;
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    child.once('error', () => resolve('spawn-error'));
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const proc of live) signalGroup(proc.pid, 'SIGKILL');
  });
}
