/**
 * `npm run bench -- swarm-drills`: every drill of `npm run drill:swarm` (drills/deploy-chaos/), run
 * once on this machine's Docker Swarm under load, judged against the goals and written
 * to bench/results/swarm-drills.json. Needs root and Docker (installed and started when missing,
 * like `npm run test:swarm`); takes 30-45 minutes on two shared cores, so give it
 * BENCH_TIMEOUT_S=3600. Each figure is a single run (rounds: 1): a drill is an event, not a
 * rate, and the goals are absolute (0 failed requests, under 120 s, under 5 s).
 */
import { resolve } from 'node:path';
import { exitForVerdicts, type Goal, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { selectedDrills } from '../../drills/deploy-chaos/drills.ts';
import { DrillSession, type DrillResult } from '../../drills/deploy-chaos/session.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const log = (line: string) =>
  console.log(`[bench:swarm-drills ${new Date().toISOString().slice(11, 19)}] ${line}`);
const session = new DrillSession(repoRoot, log);
const failures: Array<{ drill: string; error: string }> = [];

function verdicts() {
  const byName = (name: string) => session.results.find((r) => r.name === name);
  const figure = (r: DrillResult | undefined, key: string) =>
    typeof r?.figures[key] === 'number' ? (r.figures[key] as number) : Number.NaN;
  const goals: Goal[] = [];
  for (const r of session.results) {
    goals.push({
      name: `${r.name}: acknowledged rows lost`,
      unit: 'rows',
      figure: r.lostAcknowledgedRows,
      at_most: 0,
    });
    if (!r.name.startsWith('kill-') && r.name !== 'postgres-away' && r.name !== 'failing-version')
      goals.push({
        name: `${r.name}: failed requests`,
        unit: 'requests',
        figure: r.requests.total.failed.total,
        at_most: 0,
        cause: r.problems.join('; ') || undefined,
      });
    const alerts = r.figures.alerts as { ok: boolean; problems: string[] } | undefined;
    if (alerts)
      goals.push({
        name: `${r.name}: alerts as stated beforehand`,
        figure: alerts.ok ? 1 : 0,
        at_least: 1,
        cause: alerts.problems.join('; ') || undefined,
      });
  }
  // Times with a goal: drill, figure, what it measures, the most it may be.
  const timedGoals = [
    ['never-healthy', 'rollbackSeconds', 'back on the old version', 120],
    ['failing-version', 'firstFailureToRollbackSeconds', 'first failure to rollback', 60],
    ['blue-green', 'switchSecondsSeenByLoad', 'switch, as the load saw it', 5],
    ['blue-green', 'switchBackSecondsSeenByLoad', 'switch-back, as the load saw it', 5],
  ] as const;
  for (const [drill, key, what, atMost] of timedGoals) {
    const r = byName(drill);
    if (r) goals.push({ name: `${drill}: ${what}`, unit: 's', figure: figure(r, key), at_most: atMost });
  }
  for (const f of failures)
    goals.push({ name: `${f.drill}: finished`, figure: 0, at_least: 1, cause: f.error });
  return judge(goals);
}

const pending = selectedDrills().map((d) => d.name);
/** Written after every drill, so that a run stopped part-way still leaves what it measured. */
async function report(final: boolean) {
  const done = [...session.results.map((r) => r.name), ...failures.map((f) => f.drill)];
  return writeResults('swarm-drills', {
    environment: environment(),
    complete: final && done.length === pending.length,
    notRun: pending.filter((n) => !done.includes(n)),
    ...session.summary(),
    failures,
    goals: verdicts(),
  });
}

try {
  await session.setup();
  for (const drill of selectedDrills()) {
    try {
      await drill.run(session);
    } catch (err) {
      failures.push({ drill: drill.name, error: (err as Error).message.slice(0, 1000) });
      log(`drill ${drill.name} could not finish: ${(err as Error).message}`);
    }
    await report(false);
  }
} finally {
  await session.teardown();
}

const judged = verdicts();
printVerdicts(judged);
log(`written to ${await report(true)}`);
exitForVerdicts(judged);
