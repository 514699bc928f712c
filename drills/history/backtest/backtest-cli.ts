import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { historyDir } from '../location.ts';
import { shortDay } from '../short-day.ts';
import { runBacktest, type BacktestReport } from './run-backtest.ts';
import { backtestShortDay, buildShortDay } from './short-backtest.ts';
import { iso, labelText, minutes, missText, noiseText } from './verdict-lines.ts';

// `npm run backtest`: every alert's expression and `for:` replayed over the history that
// `npm run bench -- history` built (PORTTRACK_HISTORY_DIR), Prometheus on a copy of its blocks in
// BACKTEST_RUN_DIR (default <history>-backtest) on BACKTEST_PROMETHEUS_PORT (23090). Prints the
// firings and the verdict, writes them to BACKTEST_RESULTS (test-results/backtest.json), exits 1
// when an incident is missed or anything fires outside the incidents.
// `npm run backtest -- --short`: the same over the short day `npm run validate` backtests on
// (short-day.ts), built afresh in a temporary folder: validate's verdict with every firing shown.
const short = process.argv.slice(2).includes('--short');
const dir = resolve(historyDir());
const port = Number(process.env.BACKTEST_PROMETHEUS_PORT ?? 23090);
const results = resolve(process.env.BACKTEST_RESULTS ?? 'test-results/backtest.json');
const table = (rows: string[][]) => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

async function backtestShort(): Promise<BacktestReport> {
  for (const { incident, why } of shortDay().leftOut)
    console.log(`backtest: the short day leaves out ${incident.name}: it ${why}`);
  const work = await mkdtemp(join(tmpdir(), 'porttrack-short-backtest-'));
  try {
    await buildShortDay(work, console.log);
    return await backtestShortDay({ dir: work, port, log: console.log });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

console.log(short ? 'backtest: the short day' : `backtest: history in ${dir}`);
const report = short
  ? await backtestShort()
  : await runBacktest({
      historyDir: dir,
      runDir: resolve(process.env.BACKTEST_RUN_DIR ?? `${dir}-backtest`),
      port,
      log: console.log,
    });
const { verdict } = report;
console.log(
  `\n${table([
    ['alert', 'fired', 'resolved', 'labels'],
    ...report.replays.flatMap((r) =>
      r.firings.map((f) => [r.alert, iso(f.start), iso(f.end), labelText(f.labels)]),
    ),
  ])}`,
);
const quiet = report.replays.filter((r) => r.firings.length === 0).map((r) => r.alert);
console.log(`\nnever fired (${quiet.length}): ${quiet.join(', ')}`);
console.log(
  `\n${table([
    ['incident', 'start', 'alerts', 'bound', 'caught by', 'after'],
    ...verdict.detections.map((d) => {
      const incident = report.history.incidents.find((i) => i.name === d.incident);
      const hit = d.caughtBy ?? d.late;
      return [
        d.incident,
        iso(incident?.start ?? null),
        d.alerts.join(' | '),
        minutes(d.detectWithinS),
        d.caughtBy ? d.caughtBy.alert : d.late ? `LATE: ${d.late.alert}` : 'MISSED',
        hit ? minutes(hit.delayS) : '-',
      ];
    }),
  ])}`,
);
await mkdir(dirname(results), { recursive: true });
await writeFile(results, `${JSON.stringify({ ranAt: new Date().toISOString(), ...report }, null, 2)}\n`);
console.log(
  `\nbacktest: ${report.replays.length} alerts over ${+report.history.days.toFixed(2)} days in ${Math.round(report.seconds)} s; ${results}`,
);
for (const d of verdict.detections.filter((d) => !d.caughtBy)) {
  const incident = report.history.incidents.find((i) => i.name === d.incident);
  if (incident) console.error(`MISSED: incident ${d.incident} ${missText(d, incident)}`);
}
for (const n of verdict.falseFirings) console.error(`NOISE: ${n.alert} ${noiseText(n)}`);
if (verdict.missedIncidents.length > 0 || verdict.falseFirings.length > 0) process.exit(1);
console.log('backtest: every incident caught within its bound, nothing fired outside them');
