import type { Spread } from './rounds.ts';
import { formatNumber, formatTable } from './table.ts';

/**
 * Goals are judged on a figure's median, never on its best round, and every missed goal is
 * printed plainly (and makes the benchmark exit with `missedGoalsExitCode`).
 *
 *   const verdicts = judge([{ name: 'scrape p99 at 1M rows', unit: 'ms', figure: p99, at_most: 5 }]);
 *   printVerdicts(verdicts);          // table + one "GOAL MISSED: ..." line per miss
 *   await writeResults('exporters', { ..., goals: verdicts });
 *   exitForVerdicts(verdicts);        // sets the exit code when a goal was missed
 */
export interface Goal {
  name: string;
  unit?: string;
  /** The measured figure (its median is judged) or a single value for run-once benchmarks. */
  figure: Spread | number;
  at_most?: number;
  at_least?: number;
  /** The A/A control's figure, shown beside the goal so a reader sees the method's noise. */
  noise?: Spread;
  /** When a goal is missed: the known cause, printed with the miss. */
  cause?: string;
}

export interface Verdict {
  name: string;
  unit: string;
  goal: string;
  median: number;
  min: number;
  max: number;
  rounds: number;
  noise_median: number | null;
  met: boolean;
  cause?: string;
}

/** `npm run bench` reports a benchmark that exits with this code as "ran, missed goal(s)". */
export const missedGoalsExitCode = 3;

export function judge(goals: readonly Goal[]): Verdict[] {
  return goals.map((goal) => {
    if ((goal.at_most === undefined) === (goal.at_least === undefined))
      throw new Error(`goal "${goal.name}" needs exactly one of at_most / at_least`);
    const figure =
      typeof goal.figure === 'number'
        ? { median: goal.figure, min: goal.figure, max: goal.figure, rounds: [goal.figure] }
        : goal.figure;
    const unit = goal.unit ?? '';
    const met =
      goal.at_most !== undefined ? figure.median <= goal.at_most : figure.median >= (goal.at_least as number);
    return {
      name: goal.name,
      unit,
      goal:
        goal.at_most !== undefined
          ? `median <= ${goal.at_most}${unit ? ` ${unit}` : ''}`
          : `median >= ${goal.at_least}${unit ? ` ${unit}` : ''}`,
      median: figure.median,
      min: figure.min,
      max: figure.max,
      rounds: figure.rounds.length,
      noise_median: goal.noise?.median ?? null,
      met,
      ...(goal.cause && !met ? { cause: goal.cause } : {}),
    };
  });
}

/** The plain line printed for a missed goal. */
export function missLine(v: Verdict): string {
  return (
    `GOAL MISSED: ${v.name}: median ${formatNumber(v.median)}${v.unit ? ` ${v.unit}` : ''} ` +
    `(min ${formatNumber(v.min)}, max ${formatNumber(v.max)}, ${v.rounds} round${v.rounds === 1 ? '' : 's'}); goal ${v.goal}` +
    (v.cause ? `; cause: ${v.cause}` : '')
  );
}

/** Prints every verdict as a table, then one `GOAL MISSED:` line per missed goal. */
export function printVerdicts(verdicts: readonly Verdict[], log: (line: string) => void = console.log): void {
  log(
    formatTable(
      ['goal', 'median', 'min', 'max', 'rounds', 'A/A noise', 'target', 'met'],
      verdicts.map((v) => [
        v.name,
        v.median,
        v.min,
        v.max,
        v.rounds,
        v.noise_median === null ? '-' : formatNumber(v.noise_median),
        v.goal,
        v.met ? 'yes' : 'NO',
      ]),
    ),
  );
  for (const v of verdicts) if (!v.met) log(missLine(v));
}

/** Marks the process as "missed goal(s)" (exit code `missedGoalsExitCode`) when any verdict failed. */
export function exitForVerdicts(verdicts: readonly Verdict[]): void {
  if (verdicts.some((v) => !v.met)) process.exitCode = missedGoalsExitCode;
}
