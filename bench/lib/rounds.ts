/**
 * Repeated measurement: every benchmark figure is the median of at least `minRounds` rounds,
 * reported with its min and max, so one lucky or unlucky run never becomes the headline.
 *
 *   const p99 = await repeat('scrape p99 ms', () => measureOnce());
 *   // p99 = { median, min, max, rounds: [..every round in the order measured..] }
 */

/** The fewest rounds a figure may rest on (the project's rule). */
export const minRounds = 5;

/** Rounds per figure: `BENCH_ROUNDS` when set (never below `minRounds`), else `minRounds`. */
export function roundsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = Number(env.BENCH_ROUNDS ?? minRounds);
  if (!Number.isInteger(wanted) || wanted < minRounds)
    throw new Error(`BENCH_ROUNDS must be a whole number >= ${minRounds} (got ${env.BENCH_ROUNDS})`);
  return wanted;
}

/** One figure over its rounds. Goals are judged on `median`; `min`/`max` show the spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every round's value, in the order measured. */
  rounds: number[];
}

/** Median (mean of the middle two for an even count), min and max of `values`. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number, rounds: [...values] };
}

/** The spread of one numeric field over rounds recorded as objects. */
export function spreadOf<Round, Key extends keyof Round>(
  rounds: readonly Round[],
  key: Round[Key] extends number ? Key : never,
): Spread {
  return spread(rounds.map((round) => round[key] as number));
}

export interface RepeatOptions {
  /** Rounds to run; at least `minRounds` (default: `roundsFromEnv()`). */
  rounds?: number;
  /** Called after each round, e.g. to print progress. */
  progress?: (message: string) => void;
}

/** Runs `measure` round after round (never concurrently) and returns the spread of its values. */
export async function repeat(
  label: string,
  measure: (round: number) => Promise<number> | number,
  options: RepeatOptions = {},
): Promise<Spread> {
  const rounds = checkedRounds(options.rounds);
  const values: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const value = await measure(round);
    if (!Number.isFinite(value)) throw new Error(`${label}: round ${round + 1} measured ${value}`);
    values.push(value);
    options.progress?.(`  ${label}: round ${round + 1}/${rounds} ${value.toPrecision(4)}`);
  }
  return spread(values);
}

export function checkedRounds(rounds: number | undefined): number {
  const n = rounds ?? roundsFromEnv();
  if (!Number.isInteger(n) || n < minRounds)
    throw new Error(`a benchmark figure needs at least ${minRounds} rounds (asked for ${n})`);
  return n;
}
