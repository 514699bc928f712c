import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readManifest } from '../../drills/history/build.ts';
import { historyDir } from '../../drills/history/location.ts';
import { startOnHistory, waitForCompaction } from '../../drills/history/prometheus-on-history.ts';
import { stackIntervals } from '../../drills/history/scrape-interval.ts';
import { localRuleFiles } from '../../local-platform/rules-and-routing.ts';
import { recording } from '../../lib/monitoring/index.ts';
import { exitForVerdicts, judge, printVerdicts, type Goal, type Verdict } from '../lib/goals.ts';
import { environment, resultsDir, writeResults } from '../lib/results.ts';
import { formatTable } from '../lib/table.ts';
import { dashboardWidthPx, measureDashboards, type RangeFigure } from './dashboards.ts';
import { readDashboards } from './panels.ts';
import { measureRuleGroups } from './rules-run.ts';
import { backfillRecordings, baseRecordings } from './backfill-recordings.ts';
import { compareSloWindows } from './slo-agreement.ts';

// `npm run bench -- size`: the generated dashboards and rules against the 30-day history that
// `npm run bench -- history` built (run that first). Prometheus (Debian's) runs on a copy of the
// blocks on SIZE_PROMETHEUS_PORT (25090). Dashboards: every Prometheus panel query at once, as
// Grafana sends them, over 7 and 30 days (each round also over 24 h twice: baseline and A/A
// control). Rules: the project's rule files evaluated for SIZE_RULES_MINUTES (60).
// SIZE_PARTS (slo,dashboards,rules) picks parts; the others keep their last figures and goals
// from bench/results/size.json, and `measured` says when and under what load each part ran.
const log = (line: string) => console.log(line);
const known = ['slo', 'dashboards', 'rules'] as const;
type Part = (typeof known)[number];
const parts = (process.env.SIZE_PARTS ?? known.join(',')).split(',').map((p) => p.trim());
const unknown = parts.filter((p) => !known.includes(p as Part));
if (unknown.length) {
  console.error(`size: unknown part(s) ${unknown.join(', ')}; the parts are ${known.join(', ')}`);
  process.exit(2);
}
const runs = (part: Part) => parts.includes(part);
const dir = resolve(historyDir());
const manifest = await readManifest(dir);
if (!manifest) {
  console.error(
    `no history in ${dir}: run \`npm run bench -- history\` first (PORTTRACK_HISTORY_DIR picks the folder)`,
  );
  process.exit(1);
}
const port = Number(process.env.SIZE_PROMETHEUS_PORT ?? 25090);
const ruleMinutes = Number(process.env.SIZE_RULES_MINUTES ?? 60);
const { evaluationS } = stackIntervals();
// Grafana's Prometheus data source is set to the interval the history was sampled at.
const scrapeS = manifest.stepS;
// Where Prometheus works on its copy of the blocks (beside the history unless SIZE_RUN_DIR says).
const runDir = process.env.SIZE_RUN_DIR ?? `${dir}-run`;
const environmentBefore = environment();

log(
  `size: history ${new Date(manifest.start * 1000).toISOString()} to ${new Date(manifest.end * 1000).toISOString()}, ${manifest.series} series at ${manifest.stepS} s`,
);
const ruleFiles = localRuleFiles('http://127.0.0.1/runbooks');
const file = join(resultsDir, 'size.json');
const previous = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<
  string,
  unknown
> & {
  method?: Record<string, unknown> & { backfill?: { rules: string[] }; compactionSeconds?: number };
  measured?: Partial<Record<Part, unknown>>;
  goals?: Verdict[];
};
// What the dashboards' panels read; what the long SLO windows and the burn rates read.
const toBackfill = baseRecordings(ruleFiles, [
  ...(runs('dashboards')
    ? [recording.apiLatencyBucketRate, recording.apiRequestRate, recording.apiLatencyP95]
    : []),
  ...(runs('slo') || runs('rules')
    ? [recording.sliErrorRate5m, recording.sliRequestRate5m, recording.sliErrorTile, recording.sliRequestTile]
    : []),
]);
// SIZE_REUSE_RUN=1: SIZE_RUN_DIR already holds the copy the last run (the one that wrote
// size.json) backfilled and left compacted, with every recording these parts read: rerun a
// part without copying and backfilling again. That run's backfill and compaction figures stay.
const reuse = process.env.SIZE_REUSE_RUN === '1';
const missing = toBackfill.map((r) => r.record).filter((r) => !previous.method?.backfill?.rules.includes(r));
if (reuse && missing.length) {
  console.error(
    `size: cannot reuse ${runDir}: the last run did not backfill ${[...new Set(missing)].join(', ')}`,
  );
  process.exit(2);
}
const onHistory = { historyDir: dir, manifest, runDir, port, evaluationS };
const { start, end, stepS } = manifest;
let prometheus = await startOnHistory({ ...onHistory, ...(reuse ? { copy: false } : {}) });
const backfill = reuse ? previous.method?.backfill : await backfillOnce();
/**
 * The recordings panels and SLO windows read have no history until written: promtool evaluates
 * them over the history (its own timed step), Prometheus restarts to load the blocks.
 */
async function backfillOnce() {
  log('size: backfilling the recordings over the history (promtool tsdb create-blocks-from rules)');
  const figures = await backfillRecordings({
    url: prometheus.url,
    rules: toBackfill,
    start,
    end,
    stepS,
    workDir: runDir,
    dataDir: join(runDir, 'data'),
  });
  log(
    `size: ${figures.rules.length} recordings backfilled in ${figures.seconds.toFixed(0)} s (${figures.blocks} blocks)`,
  );
  await prometheus.stop();
  prometheus = await startOnHistory({ ...onHistory, copy: false });
  return figures;
}
const compactionWait = await waitForCompaction(prometheus.url, log);
const compactionSeconds = reuse ? previous.method?.compactionSeconds : compactionWait;
const measured: Partial<Record<Part, unknown>> = { ...previous.measured };
/** Runs a part, recording the machine's state before and after it. */
async function part<T>(name: Part, measure: () => Promise<T>): Promise<T | undefined> {
  if (!runs(name)) return undefined;
  const before = environment();
  const result = await measure();
  // The history too: the parts kept from an earlier run may have measured another one.
  const history = {
    dir,
    start: new Date(start * 1000).toISOString(),
    end: new Date(end * 1000).toISOString(),
  };
  measured[name] = { before, after: environment(), history };
  return result;
}

const sloWindowsAgreement = await part('slo', async () => {
  const agreement = await compareSloWindows({
    url: prometheus.url,
    rules: ruleFiles,
    windows: ['1d', '3d', '30d'],
    start: manifest.start,
    end: manifest.end,
    stepS: 3600,
  });
  log(
    formatTable(
      ['slo', 'window', 'points', 'max relative difference', 'at', 'raw', 'recorded'],
      agreement.map((a) => [a.slo, a.window, a.points, a.maxRelativeDifference, a.at, a.raw, a.recorded]),
    ),
  );
  return agreement;
});
const dashboards = await part('dashboards', () =>
  measureDashboards(readDashboards(), { url: prometheus.url, to: manifest.end, scrapeS, log }),
);
await prometheus.stop();

const ruleGroups = await part('rules', async () => {
  log(`size: rules for ${ruleMinutes} min`);
  prometheus = await startOnHistory({
    historyDir: dir,
    manifest,
    runDir,
    port,
    evaluationS,
    rules: ruleFiles,
    copy: false,
  });
  const figures = await measureRuleGroups(prometheus.url, ruleMinutes, evaluationS, log);
  await prometheus.stop();
  return figures;
});

const slow = (f: { slowestPanel: { panel: string; seconds: number } }) =>
  `${f.slowestPanel.panel} (${f.slowestPanel.seconds.toFixed(2)} s)`;
if (dashboards)
  log(
    formatTable(
      ['dashboard', '7 d median', 'min', 'max', '30 d median', 'min', 'max', 'slowest panel at 30 d'],
      dashboards.map((d) => [
        d.name,
        d.sevenDays.seconds.median,
        d.sevenDays.seconds.min,
        d.sevenDays.seconds.max,
        d.thirtyDays.seconds.median,
        d.thirtyDays.seconds.min,
        d.thirtyDays.seconds.max,
        slow(d.thirtyDays),
      ]),
    ),
  );
if (ruleGroups)
  log(
    formatTable(
      ['rule group', 'interval s', 'max eval s', 'share', 'missed'],
      ruleGroups.map((g) => [
        g.name,
        g.intervalSeconds,
        g.lastDurationSeconds.max,
        g.shareOfInterval,
        g.missedIterations,
      ]),
    ),
  );

const dashboardGoal = (name: string, range: string, figure: RangeFigure, atMost: number): Goal => ({
  name: `${name}, ${range}, last panel`,
  unit: 's',
  figure: figure.seconds,
  at_most: atMost,
  noise: figure.noise,
  cause: `slowest panel ${slow(figure)}`,
});
const goalsOf: Record<Part, Goal[] | undefined> = {
  dashboards: dashboards?.flatMap((d) => [
    dashboardGoal(d.name, '7 d', d.sevenDays, 3),
    dashboardGoal(d.name, '30 d', d.thirtyDays, 5),
  ]),
  slo: sloWindowsAgreement?.map((a) => ({
    name: `${a.slo} ${a.window} window, recordings against raw counters`,
    figure: a.maxRelativeDifference,
    at_most: 0.01,
  })),
  rules: ruleGroups?.flatMap((g) => [
    { name: `${g.name}, share of interval`, figure: g.shareOfInterval, at_most: 0.1 },
    { name: `${g.name}, missed iterations`, figure: g.missedIterations, at_most: 0 },
  ]),
};
/** Which part a goal belongs to, by its name (for the goals kept from the last run). */
const partOfGoal = (name: string): Part =>
  name.endsWith('last panel') ? 'dashboards' : name.includes(' window, ') ? 'slo' : 'rules';
const verdicts = judge(parts.flatMap((p) => goalsOf[p as Part] ?? []));
printVerdicts(verdicts);
const figures = ({ median, min, max }: { median: number; min: number; max: number }) => ({
  median,
  min,
  max,
});
const range = (r: RangeFigure) => ({
  ...figures(r.seconds),
  lastDay: figures(r.lastDay),
  aaNoise: figures(r.noise),
  slowestPanel: r.slowestPanel,
});
const method = previous.method ?? {};
await writeResults('size', {
  environment: environmentBefore,
  environment_after: environment(),
  measured,
  history: {
    dir,
    generatorVersion: manifest.generatorVersion,
    days: manifest.days,
    stepS: manifest.stepS,
    start: new Date(manifest.start * 1000).toISOString(),
    end: new Date(manifest.end * 1000).toISOString(),
    series: manifest.series,
    samples: manifest.samples,
    incidents: manifest.incidents.length,
  },
  method: {
    dashboardWidthPx,
    dataSourceScrapeIntervalS: scrapeS,
    rounds: dashboards ? (dashboards[0]?.sevenDays.seconds.rounds.length ?? 0) : method.rounds,
    compactionSeconds,
    backfill,
    ...(reuse
      ? { reusedRunDir: { at: environmentBefore.generated_at, compactionWaitS: compactionWait } }
      : {}),
    ruleMinutes: ruleGroups ? ruleMinutes : method.ruleMinutes,
    evaluationIntervalS: evaluationS,
  },
  sloWindows: sloWindowsAgreement ?? previous.sloWindows,
  dashboards:
    dashboards?.map((d) => ({
      name: d.name,
      uid: d.uid,
      queries: d.queries,
      skippedTargets: d.skippedTargets,
      sevenDays: range(d.sevenDays),
      thirtyDays: range(d.thirtyDays),
    })) ?? previous.dashboards,
  ruleGroups:
    ruleGroups?.map((g) => ({
      name: g.name,
      intervalSeconds: g.intervalSeconds,
      shareOfInterval: g.shareOfInterval,
      missedIterations: g.missedIterations,
      lastDurationSeconds: { ...figures(g.lastDurationSeconds), polls: g.lastDurationSeconds.rounds.length },
    })) ?? previous.ruleGroups,
  goals: [...(previous.goals ?? []).filter((g) => !runs(partOfGoal(g.name))), ...verdicts],
});
exitForVerdicts(verdicts);
