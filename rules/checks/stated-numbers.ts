import { runbookPath, thresholds, toSeconds } from '../../lib/monitoring/index.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check, Problem } from '../../lib/validation.ts';
import type { AlertSpec } from '../build/types.ts';
import { allAlerts, type RulesModel } from './model.ts';
import { findThresholds } from './thresholds.ts';

/**
 * A number a runbook states is marked with the vocabulary entry it restates:
 * `<!-- api.errorRatio -->5%`, `<!-- api.errorFor -->2 minutes`, `<!-- business.anchorageWaitSeconds -->6 hours`.
 * The comment is invisible on a rendered page; the check reads it back against
 * `lib/monitoring/thresholds.ts`.
 */
const marker = /<!--\s*([\w.]+)\s*-->\s*(\d+(?:\.\d+)?)(?:\s*(%|[a-z]+))?/g;

const unitSeconds: Record<string, number> = {
  s: 1,
  second: 1,
  seconds: 1,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
};

/** A vocabulary entry by its dotted path (`slo.page.windows.0.factor`), or undefined. */
function lookup(path: string): unknown {
  let at: unknown = thresholds;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !(part in at)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** An entry's value in seconds when it is a duration (`'5m'`, or a number named `...Seconds`). */
function secondsOf(path: string, value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?[smhd]$/.test(value)) return toSeconds(value);
  if (typeof value !== 'number') return undefined;
  for (const [suffix, size] of [
    ['Seconds', 1],
    ['Hours', 3600],
    ['Days', 86_400],
  ] as const) {
    if (path.endsWith(suffix)) return value * size;
  }
  return undefined;
}

export interface StatedNumber {
  path: string;
  text: string;
  /** The entry's raw value (a ratio, a count, seconds), to compare with an expression's threshold. */
  value: number | undefined;
  /** Its length in seconds when the entry is a duration. */
  seconds: number | undefined;
  /** Why the stated number disagrees with the entry; undefined when it agrees. */
  problem: string | undefined;
}

/** Every marked number in `markdown`, each compared with the vocabulary entry it names. */
export function statedNumbers(markdown: string): StatedNumber[] {
  return [...markdown.matchAll(marker)].map((m) => {
    const [text, path, numberText, unit] = m as unknown as [string, string, string, string | undefined];
    const stated = Number(numberText);
    // CommonMark reads a line that starts with `<!--` as an HTML block: the sentence breaks there,
    // and prettier then splits the paragraph with a blank line.
    const startsLine = m.index === 0 || markdown[m.index - 1] === '\n';
    const entry = lookup(path);
    const seconds = secondsOf(path, entry);
    const raw = typeof entry === 'number' ? entry : typeof entry === 'string' ? Number(entry) : undefined;
    const value = seconds ?? raw;
    const result = { path, text, value: raw ?? seconds, seconds, problem: undefined as string | undefined };
    if (entry === undefined)
      return { ...result, problem: `names ${path}, which lib/monitoring/thresholds.ts does not have` };
    if (startsLine)
      return {
        ...result,
        problem: 'starts a line, which Markdown reads as an HTML block: move a word before it',
      };
    const shown = JSON.stringify(entry);
    if (unit === '%') {
      if (raw === undefined || Math.abs(raw * 100 - stated) > 1e-9)
        return { ...result, problem: `states ${stated}% but ${path} is ${shown}` };
    } else if (unit !== undefined && unit in unitSeconds) {
      if (seconds === undefined)
        return { ...result, problem: `states a duration but ${path} (${shown}) is not one` };
      if (stated * (unitSeconds[unit] as number) !== seconds)
        return { ...result, problem: `states ${stated} ${unit} but ${path} is ${shown}` };
    } else if (value !== stated && raw !== stated) {
      return { ...result, problem: `states ${stated} but ${path} is ${shown}` };
    }
    return result;
  });
}

/**
 * What an alert's runbook must state, marked: its `for:` (unless 0) and every number its
 * expression compares against (but 0, which means "any").
 */
export function unstatedNumbers(alert: AlertSpec, stated: readonly StatedNumber[]): string[] {
  const missing: string[] = [];
  const forSeconds = toSeconds(alert.for);
  if (forSeconds > 0 && !stated.some((s) => s.seconds === forSeconds))
    missing.push(
      `its for: ${alert.for} is not stated with a marker (e.g. <!-- domain.somethingFor -->N minutes)`,
    );
  const compared = new Map(findThresholds(alert.expr).map((t) => [t.value, t.op]));
  for (const [value, op] of compared) {
    if (value !== 0 && !stated.some((s) => s.value === value))
      missing.push(`its threshold ${op} ${value} is not stated with a marker`);
  }
  return missing;
}

/** Each runbook's marked numbers agree with the vocabulary, and it marks its alert's `for:` and thresholds. */
export const statedNumbersCheck = (model: RulesModel): Check => ({
  name: 'numbers runbooks state agree with the rules',
  run: async () => {
    const problems: Problem[] = [];
    for (const { alert } of allAlerts(model)) {
      const path = runbookPath(alert.name);
      const text = await readFile(join(model.root, path), 'utf8').catch(() => undefined);
      if (text === undefined) continue; // the runbooks check reports it
      const stated = statedNumbers(text);
      for (const s of stated.filter((s) => s.problem))
        problems.push({ file: path, where: alert.name, message: `"${s.text}" ${s.problem}` });
      for (const message of unstatedNumbers(alert, stated))
        problems.push({ file: path, where: alert.name, message });
    }
    return problems;
  },
});
