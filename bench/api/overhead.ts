import { cpuSeconds } from './cpu-time.ts';
import { runLoad, type LoadResult } from './load.ts';

/** One variant's run in a round: the load result plus the server's CPU time over it. */
export interface Measured {
  load: LoadResult;
  cpu_s: number;
}

export interface OverheadRound {
  order: 'with-first' | 'without-first';
  with_rps: number;
  without_rps: number;
  with_cpu_us_per_request: number;
  without_cpu_us_per_request: number;
}

export interface Overhead {
  path: string;
  rounds: OverheadRound[];
  with_rps: number;
  without_rps: number;
  /** Throughput lost to the metrics middleware, in percent (negative: faster with it, i.e. noise). */
  loss_pct: number;
  /** Median of the per-round losses: adjacent runs share the machine's state, so this resists drift. */
  median_round_loss_pct: number;
  with_cpu_us_per_request: number;
  without_cpu_us_per_request: number;
  /** Extra API CPU per request with the middleware, in percent: the throughput it costs once the API is CPU-bound. */
  cpu_overhead_pct: number;
}

/** Percentage of throughput lost going from `without` to `with`. */
export const lossPercent = (withRps: number, withoutRps: number) => (1 - withRps / withoutRps) * 100;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Sums requests, time and CPU across rounds, so a short round weighs less. */
export function summariseRounds(
  path: string,
  rounds: { order: OverheadRound['order']; with: Measured; without: Measured }[],
): Overhead {
  const rate = (runs: Measured[]) =>
    runs.reduce((n, r) => n + r.load.requests, 0) / runs.reduce((s, r) => s + r.load.duration_s, 0);
  const cpuPerRequest = (runs: Measured[]) =>
    (runs.reduce((s, r) => s + r.cpu_s, 0) / runs.reduce((n, r) => n + r.load.requests, 0)) * 1e6;
  const withRuns = rounds.map((r) => r.with);
  const withoutRuns = rounds.map((r) => r.without);
  const withRps = rate(withRuns);
  const withoutRps = rate(withoutRuns);
  const withCpu = cpuPerRequest(withRuns);
  const withoutCpu = cpuPerRequest(withoutRuns);
  return {
    path,
    rounds: rounds.map((r) => ({
      order: r.order,
      with_rps: r.with.load.rps,
      without_rps: r.without.load.rps,
      with_cpu_us_per_request: cpuPerRequest([r.with]),
      without_cpu_us_per_request: cpuPerRequest([r.without]),
    })),
    with_rps: withRps,
    without_rps: withoutRps,
    loss_pct: lossPercent(withRps, withoutRps),
    median_round_loss_pct: median(rounds.map((r) => lossPercent(r.with.load.rps, r.without.load.rps))),
    with_cpu_us_per_request: withCpu,
    without_cpu_us_per_request: withoutCpu,
    cpu_overhead_pct: (withCpu / withoutCpu - 1) * 100,
  };
}

export interface Target {
  url: string;
  pid: number;
}

/**
 * The same app with and without the HTTP metrics middleware (two processes, same database and
 * cache), measured in interleaved rounds that alternate which goes first, so drift in the
 * machine's load (shared cores) hits both alike. Each run also records the server's CPU time.
 */
export async function measureOverhead(options: {
  with: Target;
  without: Target;
  path: string;
  headers: Record<string, string>;
  rounds: number;
  durationS: number;
  connections: number;
  progress: (message: string) => void;
}): Promise<Overhead> {
  const run = async (target: Target): Promise<Measured> => {
    const before = await cpuSeconds(target.pid);
    const load = await runLoad({
      url: target.url,
      path: options.path,
      headers: options.headers,
      connections: options.connections,
      durationS: options.durationS,
    });
    const cpu_s = (await cpuSeconds(target.pid)) - before;
    if (load.non_2xx || load.errors)
      throw new Error(
        `${options.path}: ${load.non_2xx} non-2xx answers and ${load.errors} errors during the overhead run`,
      );
    return { load, cpu_s };
  };
  const rounds = [];
  for (let r = 0; r < options.rounds; r++) {
    const order = r % 2 === 0 ? 'with-first' : 'without-first';
    const first = await run(order === 'with-first' ? options.with : options.without);
    const second = await run(order === 'with-first' ? options.without : options.with);
    const [withRun, withoutRun] = order === 'with-first' ? [first, second] : [second, first];
    options.progress(
      `  overhead ${options.path} round ${r + 1}/${options.rounds}: with ${withRun.load.rps.toFixed(0)} req/s, ` +
        `without ${withoutRun.load.rps.toFixed(0)} req/s`,
    );
    rounds.push({ order, with: withRun, without: withoutRun } as const);
  }
  return summariseRounds(options.path, rounds);
}
