import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuleFile } from '../../../local-platform/prometheus.ts';
import type { Check, Problem } from '../../../lib/validation.ts';
import { buildHistory } from '../build.ts';
import { shortDay } from '../short-day.ts';
import { runBacktest, type BacktestReport } from './run-backtest.ts';
import { missText, noiseText } from './verdict-lines.ts';

/**
 * `npm run validate`'s backtest: the short day (short-day.ts) built by the history's own
 * generator, every alert replayed over it and judged as `npm run backtest` judges the 30 days
 * (run-backtest.ts, judge.ts). A change that makes an alert fire outside the incidents, or lose
 * one it is meant to catch within its bound, fails validate naming the alert and the hour.
 */

/** The backtest's grid, as for the 30-day history: 60 s samples and evaluations. */
export const shortDayStepS = 60;

const historyOf = (dir: string) => join(dir, 'history');

/**
 * Builds the short day into `dir`/history. A history already there of the same generator version,
 * length and step is kept (buildHistory does not compare where the incidents lie): give a fresh
 * folder, as the validate step does, unless it holds this same short day.
 */
export async function buildShortDay(dir: string, log?: (line: string) => void) {
  const day = shortDay();
  return buildHistory({
    dir: historyOf(dir),
    days: day.days,
    stepS: shortDayStepS,
    end: day.end,
    incidents: day.incidents,
    log,
  });
}

/** Every alert of `ruleFiles` (default: the generated rules) replayed over the short day built in `dir`. */
export function backtestShortDay(o: {
  dir: string;
  port: number;
  ruleFiles?: RuleFile[];
  log?: (line: string) => void;
}): Promise<BacktestReport> {
  return runBacktest({
    historyDir: historyOf(o.dir),
    runDir: join(o.dir, `run-${o.port}`),
    port: o.port,
    ...(o.ruleFiles ? { ruleFiles: o.ruleFiles } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
}

/** The verdict as validation problems: one per missed incident, one per false firing. */
export function backtestProblems(report: BacktestReport): Problem[] {
  const missed = report.verdict.detections
    .filter((d) => !d.caughtBy)
    .map((d): Problem => {
      const incident = report.history.incidents.find((i) => i.name === d.incident);
      return {
        file: 'drills/history/incidents.ts',
        where: `${d.incident}: ${d.alerts.join(', ')}`,
        message: `incident ${d.incident} ${incident ? missText(d, incident) : 'not caught'}`,
      };
    });
  const noise = report.verdict.falseFirings.map((n): Problem => {
    const file = report.replays.find((r) => r.alert === n.alert)?.file;
    return {
      file: file ? `stack/prometheus/rules/${file}` : 'stack/prometheus/rules',
      where: n.alert,
      message: `${n.alert} ${noiseText(n)}`,
    };
  });
  return [...missed, ...noise];
}

/**
 * The validate step: builds the short day in a fresh temporary folder (or in `dir`, kept there and
 * reused, for a test that runs it on several rule sets), backtests the generated rules (or
 * `ruleFiles`) on Prometheus at `port` (0: a free port), and removes the temporary folder. A
 * failure to run at all (no Prometheus, promtool) is a problem too, with the tool's message.
 */
export function shortBacktestCheck(o: { port: number; ruleFiles?: RuleFile[]; dir?: string }): Check {
  const day = shortDay();
  const leftOut = day.leftOut.map((l) => l.incident.name).join(', ');
  return {
    name: `alerts backtested on a short day (${day.incidents.length} incidents${leftOut ? `; not ${leftOut}` : ''})`,
    run: async () => {
      const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'porttrack-short-backtest-')));
      try {
        await buildShortDay(dir);
        return backtestProblems(await backtestShortDay({ ...o, dir }));
      } catch (err) {
        return [{ file: 'drills/history/backtest', message: `could not run: ${(err as Error).message}` }];
      } finally {
        if (!o.dir) await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
