import { fromSeconds, toSeconds } from '../../lib/monitoring/index.ts';
import { renderRuleFile, type RenderOptions } from '../build/render-rules.ts';
import {
  firingCases,
  firingCheckAt,
  intervalOf,
  silentCases,
  testEvaluationInterval,
} from '../build/render-tests.ts';
import type { AlertSpec, RuleFileSpec, SeriesInput } from '../build/types.ts';
import { evaluateOnInput } from './promtool-eval.ts';
import { findThresholds, type Threshold, withThreshold } from './thresholds.ts';

/** A deliberately broken copy of one alert, which at least one of its promtool tests must reject. */
export interface Mutant {
  file: RuleFileSpec;
  original: AlertSpec;
  mutated: AlertSpec;
  /** What was broken, for the report: e.g. "without `for: 5m`". */
  what: string;
}

/**
 * One way to break an alert, tried as one or more mutants; the tests catch it when they reject
 * at least one of them (e.g. a threshold lowered past any one of the healthy inputs).
 */
export interface Mutation {
  file: RuleFileSpec;
  alert: AlertSpec;
  what: string;
  mutants: Mutant[];
}

/**
 * The mutations of one alert: without its `for:` (when non-zero); for each numeric threshold,
 * moved just past the value a firing input reaches (that firing test must then fail) and just
 * past the value a healthy input reaches (that healthy test must then fail). Watchdog-like
 * alerts (no `for:`, no threshold) have none. A move that does not apply to an input (it gives
 * the compared expression no value, or a healthy input already crosses the threshold and
 * another condition keeps it silent) is not tried; if it applies to none, the mutation has no
 * mutants and is reported as a survivor.
 */
export async function mutationsOf(
  file: RuleFileSpec,
  alert: AlertSpec,
  options: RenderOptions,
): Promise<Mutation[]> {
  const mutations: Mutation[] = [];
  const mutant = (what: string, change: Partial<AlertSpec>): Mutant => ({
    file,
    original: alert,
    mutated: { ...alert, ...change },
    what,
  });
  if (toSeconds(alert.for) > 0) {
    const what = `without \`for: ${alert.for}\``;
    mutations.push({ file, alert, what, mutants: [mutant(what, { for: '0s' })] });
  }
  const ruleFile = renderRuleFile(file, options);
  const thresholds = findThresholds(alert.expr);
  if (!thresholds.length) return mutations;
  /** Per threshold, the values its compared expression takes on `input` at each of `times`. */
  const valuesOn = async (input: readonly SeriesInput[], times: string[]) => {
    const queries = thresholds.flatMap((t) => times.map((at) => ({ expr: t.lhs, at })));
    const values = await evaluateOnInput(queries, input, {
      ruleFile,
      interval: intervalOf(alert),
      evaluationInterval: testEvaluationInterval,
    });
    return thresholds.map((_, i) => values.slice(i * times.length, (i + 1) * times.length).flat());
  };
  // One input step (1m) more than `for`, as a moved condition starts holding between samples.
  const forBefore = (at: string) => fromSeconds(Math.max(0, toSeconds(at) - toSeconds(alert.for) - 60));
  const firing = await Promise.all(
    firingCases(alert).map((c) => valuesOn(c.input, [firingCheckAt(alert, c)])),
  );
  // Healthy values over the whole `for` before the check, so the moved rule fires in time.
  const silent = await Promise.all(silentCases(alert).map((c) => valuesOn(c.input, [c.at, forBefore(c.at)])));
  for (const [i, threshold] of thresholds.entries()) {
    const moved = (value: number) =>
      mutant(`\`${threshold.op} ${threshold.value}\` moved to ${value}`, {
        expr: withThreshold(alert.expr, threshold, value),
      });
    const raise = firing.map((f) => f[i] ?? []);
    const lower = silent.map((f) => f[i] ?? []);
    const name = `\`${threshold.op} ${threshold.value}\` (on ${shorten(threshold.lhs)})`;
    const tried = (
      what: string,
      perInput: number[][],
      past: (t: Threshold, v: number[]) => number | null,
    ) => {
      // Where no input gives the compared expression a value (TargetDown's ratio of down targets
      // exists only while one is down), the move does not apply.
      if (!perInput.some((v) => v.length)) return;
      const mutants = perInput.map((v) => past(threshold, v)).flatMap((v) => (v === null ? [] : [moved(v)]));
      mutations.push({ file, alert, what: `${name} moved past the ${what} input`, mutants });
    };
    tried('firing', raise, pastFiring);
    tried('healthy', lower, pastHealthy);
  }
  return mutations;
}

const shorten = (expr: string) => (expr.length > 60 ? `${expr.slice(0, 57)}...` : expr);
const step = (v: number) => Math.max(Math.abs(v) * 1e-6, 1e-9);
const above = (op: Threshold['op']) => op === '>' || op === '>=';

/** A threshold the firing values no longer cross (null when the input gives no value). */
export function pastFiring(t: Threshold, values: readonly number[]): number | null {
  if (!values.length) return null;
  if (above(t.op)) {
    const max = Math.max(...values);
    return t.op === '>' ? max : max + step(max);
  }
  const min = Math.min(...values);
  return t.op === '<' ? min : min - step(min);
}

/**
 * A threshold every healthy value crosses (null when the input gives no value, or when some of
 * its values already cross the threshold: then something else keeps the alert silent).
 */
export function pastHealthy(t: Threshold, values: readonly number[]): number | null {
  if (!values.length) return null;
  const [min, max] = [Math.min(...values), Math.max(...values)];
  if (above(t.op)) {
    if (t.op === '>' ? max > t.value : max >= t.value) return null;
    return t.op === '>' ? min - step(min) : min;
  }
  if (t.op === '<' ? min < t.value : min <= t.value) return null;
  return t.op === '<' ? max + step(max) : max;
}
