import { runLoad, type LoadResult } from './load.ts';

export interface OverheadRound {
  order: 'with-first' | 'without-first';
  with_rps: number;
  without_rps: number;
}

export interface Overhead {
  path: string;
  rounds: OverheadRound[];
  with_rps: number;
  without_rps: number;
  /** Throughput lost to the metrics middleware, in percent (negative: within noise, faster with it). */
  loss_pct: number;
}

/** Percentage of throughput lost going from `without` to `with`. */
export const lossPercent = (withRps: number, withoutRps: number) => (1 - withRps / withoutRps) * 100;

/** Sums requests over time across rounds, so a short round weighs less. */
export function summariseRounds(
  path: string,
  rounds: { order: OverheadRound['order']; with: LoadResult; without: LoadResult }[],
): Overhead {
  const rate = (results: LoadResult[]) =>
    results.reduce((n, r) => n + r.requests, 0) / results.reduce((s, r) => s + r.duration_s, 0);
  const withRps = rate(rounds.map((r) => r.with));
  const withoutRps = rate(rounds.map((r) => r.without));
  return {
    path,
    rounds: rounds.map((r) => ({ order: r.order, with_rps: r.with.rps, without_rps: r.without.rps })),
    with_rps: withRps,
    without_rps: withoutRps,
    loss_pct: lossPercent(withRps, withoutRps),
  };
}

/**
 * The same app with and without the HTTP metrics middleware (two processes, same database and
 * cache), measured in interleaved rounds that alternate which goes first, so drift in the
 * machine's load (shared cores) hits both alike.
 */
export async function measureOverhead(options: {
  withUrl: string;
  withoutUrl: string;
  path: string;
  headers: Record<string, string>;
  rounds: number;
  durationS: number;
  connections: number;
  progress: (message: string) => void;
}): Promise<Overhead> {
  const rounds = [];
  for (let r = 0; r < options.rounds; r++) {
    const order = r % 2 === 0 ? 'with-first' : 'without-first';
    const run = (url: string) =>
      runLoad({
        url,
        path: options.path,
        headers: options.headers,
        connections: options.connections,
        durationS: options.durationS,
      });
    let withResult: LoadResult;
    let withoutResult: LoadResult;
    if (order === 'with-first') {
      withResult = await run(options.withUrl);
      withoutResult = await run(options.withoutUrl);
    } else {
      withoutResult = await run(options.withoutUrl);
      withResult = await run(options.withUrl);
    }
    for (const result of [withResult, withoutResult])
      if (result.non_2xx || result.errors)
        throw new Error(
          `${options.path}: ${result.non_2xx} non-2xx answers and ${result.errors} errors during the overhead run`,
        );
    options.progress(
      `  overhead ${options.path} round ${r + 1}/${options.rounds}: with ${withResult.rps.toFixed(0)} req/s, without ${withoutResult.rps.toFixed(0)} req/s`,
    );
    rounds.push({ order, with: withResult, without: withoutResult } as const);
  }
  return summariseRounds(options.path, rounds);
}
