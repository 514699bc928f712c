import { join } from 'node:path';
import { repoRoot } from '../lib/generated.ts';
import { type ManagedProcess, spawnManaged } from './managed-process.ts';
import type { ServiceSpec } from './services.ts';

export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  process: ManagedProcess;
  logFile: string;
  /** SIGTERM, graceful shutdown, SIGKILL after the grace period. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would (the "API down" drill). */
  kill(): Promise<void>;
}

/** A service that could not be started because its code has not landed (not an error). */
export class ServiceMissing extends Error {
  constructor(
    readonly service: string,
    reason: string,
  ) {
    super(`${service}: ${reason}`);
    this.name = 'ServiceMissing';
  }
}

type Report = { type: 'ready'; url: string; port: number } | { type: 'missing' | 'failed'; reason: string };

const entry = join(import.meta.dirname, 'service-entry.ts');

/**
 * Runs one service in a child process (Node with the tsx loader), its output appended to
 * `logFile`, and resolves once it reports ready. Rejects with ServiceMissing when its start
 * function does not exist yet, or with the child's own error and last log lines.
 */
export async function startServiceProcess(
  spec: ServiceSpec,
  env: NodeJS.ProcessEnv,
  logFile: string,
  timeoutMs = 90_000,
): Promise<ServiceProcess> {
  let settle: (report: Report) => void = () => undefined;
  const reported = new Promise<Report>((resolve) => (settle = resolve));
  const proc = spawnManaged(
    spec.name,
    process.execPath,
    // `--import tsx` resolves from cwd, the repository root.
    ['--import', 'tsx', entry, spec.module, spec.exportName],
    { env, cwd: repoRoot, logFile, onMessage: (m) => settle(m as Report) },
  );
  void proc.exited.then((code) =>
    settle({ type: 'failed', reason: `exited with ${code} before it was ready` }),
  );
  const timer = setTimeout(
    () => settle({ type: 'failed', reason: `not ready within ${timeoutMs / 1000} s` }),
    timeoutMs,
  );
  const report = await reported;
  clearTimeout(timer);
  if (report.type !== 'ready') {
    await proc.stop();
    if (report.type === 'missing') throw new ServiceMissing(spec.name, report.reason);
    throw new Error(
      `${spec.name} failed to start: ${report.reason}\n--- last lines of ${logFile}:\n${proc.tail(15)}`,
    );
  }
  return {
    name: spec.name,
    url: report.url,
    port: report.port,
    process: proc,
    logFile,
    stop: () => proc.stop(15_000),
    kill: () => proc.kill(),
  };
}
