import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { actionlintProblems } from './actionlint.ts';
import { parseWorkflow, readWorkflows } from './workflow-model.ts';
import { jobsReachableBy } from './workflow-reach.ts';
import { deployShape, loosePermissions, pullRequestReach, unpinnedActions } from './workflow-policy.ts';

const wf = (file: string, text: string) => parseWorkflow(`.github/workflows/${file}`, text);

// The flow this repository had before: ci ran on pull requests and deploy ran after any
// successful ci run on a branch named main, which a fork's pull request can be.
const oldCi = wf(
  'ci.yml',
  'name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps: [{run: npm test}]\n',
);
const oldDeploy = wf(
  'deploy.yml',
  [
    'name: deploy',
    'on:',
    '  workflow_run: {workflows: [ci], branches: [main], types: [completed]}',
    '  workflow_dispatch:',
    'concurrency:',
    '  group: deploy-production',
    'jobs:',
    '  deploy:',
    '    environment: production',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - run: stack/scripts/deploy.sh',
    '      - if: failure()',
    '        run: docker service rollback porttrack_api',
  ].join('\n'),
);

describe('the repository workflows', () => {
  it('let no pull-request event reach the deploy job or any secret', async () => {
    const workflows = await readWorkflows(repoRoot);
    expect(workflows.map((w) => w.file)).toContain('.github/workflows/deploy.yml');
    expect(pullRequestReach(workflows)).toEqual([]);
    const reached = jobsReachableBy('pull_request', workflows);
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((r) => r.workflow.endsWith('deploy.yml'))).toEqual([]);
  });

  it('deploy on a release or a dispatched tag only, in production, serialised, without a rollback of their own', async () => {
    const workflows = await readWorkflows(repoRoot);
    expect(deployShape(workflows)).toEqual([]);
    expect(jobsReachableBy('release', workflows)).toContainEqual({
      workflow: '.github/workflows/deploy.yml',
      job: 'deploy',
    });
  });

  it('pin every action to a commit and grant permissions per job', async () => {
    for (const w of await readWorkflows(repoRoot)) {
      expect(unpinnedActions(w)).toEqual([]);
      expect(loosePermissions(w)).toEqual([]);
    }
  });
});

describe('the checks catch', () => {
  it('the old flow: a pull request reaches deploy through a workflow_run chain', () => {
    const problems = pullRequestReach([oldCi, oldDeploy]);
    expect(problems.map((p) => p.message)).toContain('a pull_request event can reach the deploy job');
  });

  it('a deploy triggered by pull_request_target or called from a pull-request workflow', () => {
    const direct = wf(
      'deploy.yml',
      'name: deploy\non: [pull_request_target]\njobs:\n  deploy: {runs-on: x, steps: []}\n',
    );
    expect(pullRequestReach([direct])[0]?.message).toBe(
      'a pull_request_target event can reach the deploy job',
    );
    const caller = wf(
      'pr.yml',
      'name: pr\non: pull_request\njobs:\n  go:\n    uses: ./.github/workflows/deploy.yml\n',
    );
    const callee = wf(
      'deploy.yml',
      'name: deploy\non: workflow_call\njobs:\n  deploy: {runs-on: x, steps: []}\n',
    );
    expect(pullRequestReach([caller, callee]).map((p) => p.message)).toContain(
      'a pull_request event can reach the deploy job',
    );
  });

  it('a pull-request job holding a secret', () => {
    const leaky = wf(
      't.yml',
      'on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps: [{run: "echo ${{ secrets.SSH_KEY }}"}]\n',
    );
    expect(pullRequestReach([leaky])[0]?.message).toBe(
      'a pull_request event reaches a job with secrets SSH_KEY',
    );
  });

  it("the old deploy's triggers and its second rollback", () => {
    const messages = deployShape([oldDeploy]).map((p) => p.message);
    expect(messages).toContain(
      'trigger workflow_run may not start a deploy (only release, workflow_dispatch)',
    );
    expect(messages.some((m) => m.includes('rolls back: deploy.sh already does, exactly once'))).toBe(true);
  });

  it('actions pinned to a tag, and permissions granted at the top', () => {
    expect(unpinnedActions(oldCi)).toEqual([]);
    const tagged = wf(
      't.yml',
      'on: push\npermissions: write-all\njobs:\n  t:\n    runs-on: x\n    steps: [{uses: actions/checkout@v4}]\n',
    );
    expect(unpinnedActions(tagged)[0]?.message).toBe('actions/checkout@v4 is not pinned to a commit SHA');
    expect(loosePermissions(tagged).map((p) => p.message)).toEqual([
      'top-level permissions must be {} (each job grants its own)',
      'no permissions: block (least privilege per job)',
    ]);
  });

  it('a misspelt context and an invalid permission (actionlint)', async () => {
    const bad = wf(
      'bad.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions: {contents: wrte}\n    steps:\n      - run: echo ${{ github.evnt }}\n',
    );
    const kinds = (await actionlintProblems(bad)).map((p) => p.message.replace(/^.*\[(\w+)\]$/, '$1'));
    expect(kinds.sort()).toEqual(['expression', 'permissions']);
  });
});
