import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';
import type { DrillResult } from './drill.ts';
import { type ChainTiming, e2eTiming } from './timing.ts';

// Tests never write bench/results/ (only `npm run bench` does): the suite's drill figures go to
// the untracked test-results/ folder, beside CI's vitest report.
export const resultsFile = join(repoRoot, 'test-results/e2e-drills.json');

/** test-results/e2e-drills.json: one entry per drill, the figures as measured in this run. */
export async function writeDrillResults(drills: DrillResult[]): Promise<void> {
  const body = { generated_at: new Date().toISOString(), ...drillReport(drills, e2eTiming) };
  await mkdir(dirname(resultsFile), { recursive: true });
  await writeFile(resultsFile, `${JSON.stringify(body, null, 2)}\n`);
}

/** The drills' figures as recorded (the e2e suite's file and `npm run bench -- drills`). */
export function drillReport(drills: DrillResult[], timing: ChainTiming) {
  return {
    timing,
    goal: 'ratio <= 1.5 (latency from fault to the later of the Slack and email deliveries, over scrape + evaluation + crossing + for + group_wait)',
    drills: drills.map((d) => ({
      alert: d.alert,
      receiver: d.receiver,
      latency_seconds: d.latency_seconds,
      bound_seconds: d.bound_seconds,
      crossing_seconds: d.crossing_seconds,
      ratio: d.ratio,
      slack: d.slack,
      email: d.email,
      resolved: d.resolved,
      // The part of the latency the bound models: from the condition first holding to delivery.
      after_condition_seconds:
        d.stages.condition_true === null
          ? null
          : Math.round((d.latency_seconds - d.stages.condition_true) * 100) / 100,
      stages: d.stages,
      problems: d.problems,
    })),
  };
}
