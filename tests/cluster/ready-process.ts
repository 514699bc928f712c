import { type ManagedProcess, spawnManaged } from '../../local-platform/managed-process.ts';
import { waitForHttp } from '../../local-platform/wait.ts';

/**
 * Spawns a server binary in its own process group (killed with the test process if it dies)
 * and resolves once `readyUrl` answers 2xx; fails with the process' last lines if it exits.
 */
export async function startReadyProcess(
  name: string,
  binary: string,
  args: string[],
  readyUrl: string,
  logFile: string,
): Promise<ManagedProcess> {
  const proc = spawnManaged(name, binary, args, { logFile });
  let exitCode: number | string | undefined;
  void proc.exited.then((code) => (exitCode = code));
  try {
    await waitForHttp(readyUrl, {
      what: `${name} ready`,
      timeoutMs: 30_000,
      intervalMs: 100,
      abort: () => (exitCode === undefined ? undefined : `${name} exited with ${exitCode}:\n${proc.tail()}`),
    });
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return proc;
}

/** SIGSTOP or SIGCONT to a process group: a paused process keeps its sockets but answers nothing. */
export function signalGroup(proc: ManagedProcess, signal: 'SIGSTOP' | 'SIGCONT'): void {
  process.kill(-proc.pid, signal);
}
