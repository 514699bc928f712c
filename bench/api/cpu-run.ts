import { cpuSeconds } from './cpu-time.ts';
import { runLoad, type LoadResult } from './load.ts';

export interface Target {
  url: string;
  pid: number;
}

export interface CpuRun {
  load: LoadResult;
  /** CPU time (user + system) the server process spent per request, in microseconds. */
  cpu_us_per_request: number;
}

/**
 * One load run against a server process, with the CPU time that process spent over it. CPU per
 * request hardly moves when the load generator or other work shares the cores; requests/s does.
 * Any non-2xx answer or socket error fails the run: a fast error is not a fast answer.
 */
export async function cpuRun(
  target: Target,
  path: string,
  headers: Record<string, string>,
  connections: number,
  durationS: number,
): Promise<CpuRun> {
  const before = await cpuSeconds(target.pid);
  const load = await runLoad({ url: target.url, path, headers, connections, durationS });
  const cpu = (await cpuSeconds(target.pid)) - before;
  if (load.non_2xx || load.errors)
    throw new Error(`${path}: ${load.non_2xx} non-2xx answers and ${load.errors} errors`);
  return { load, cpu_us_per_request: (cpu / load.requests) * 1e6 };
}
