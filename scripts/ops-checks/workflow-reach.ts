import type { Workflow } from './workflow-model.ts';

/** Events a pull request (a fork's included) can cause. */
export const pullRequestEvents = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
] as const;

export interface JobRef {
  workflow: string;
  job: string;
}

/**
 * Every job that can run as a consequence of `event`: jobs of workflows it triggers, of
 * workflows those call (`uses: ./.github/workflows/x.yml`), and of workflows chained after
 * them (`workflow_run`). Conditions (`if:`) are ignored on purpose: an expression is one
 * typo away from true, so a pull request must not reach a deploy job even past one.
 */
export function jobsReachableBy(event: string, workflows: readonly Workflow[]): JobRef[] {
  const triggered = new Set<Workflow>(workflows.filter((w) => event in w.on));
  let grew = true;
  while (grew) {
    grew = false;
    for (const w of workflows) {
      if (triggered.has(w)) continue;
      const runAfter = (w.on.workflow_run?.workflows as string[] | undefined) ?? [];
      const chained = [...triggered].some((t) => runAfter.includes(t.name));
      const called = [...triggered].some((t) =>
        Object.values(t.jobs).some((j) => j.uses?.replace(/@.*$/, '') === `./${w.file}`),
      );
      if (chained || called) {
        triggered.add(w);
        grew = true;
      }
    }
  }
  return [...triggered].flatMap((w) => Object.keys(w.jobs).map((job) => ({ workflow: w.file, job })));
}
