import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { actionlintProblems } from './actionlint.ts';
import { parseWorkflow, readWorkflows } from './workflow-model.ts';
import { jobsReachableBy } from './workflow-reach.ts';
import {
  deployByTag,
  deployShape,
  loosePermissions,
  pullRequestReach,
  pullRequestWriters,
  unpinnedActions,
  untestedBuilds,
} from './workflow-policy.ts';

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
    expect(pullRequestWriters(workflows)).toEqual([]);
  });

  it('post the plan of a pull request from this repository only, with a write token beside no checkout', async () => {
    const workflows = await readWorkflows(repoRoot);
    const test = workflows.find((w) => w.file === '.github/workflows/test.yml')!;
    expect(test.jobs.plan?.permissions).toEqual({ contents: 'read' });
    const comment = workflows.find((w) => w.file === '.github/workflows/plan-comment.yml')!;
    expect(jobsReachableBy('pull_request', workflows)).toContainEqual({
      workflow: comment.file,
      job: 'comment',
    });
    expect(comment.jobs.comment?.if).toContain('head_repository.full_name == github.repository');
    expect(comment.jobs.comment?.steps?.some((s) => s.uses)).toBe(false);
  });

  it('deploy on a release or a dispatched tag only, in production, serialised, without a rollback of their own', async () => {
    const workflows = await readWorkflows(repoRoot);
    expect(deployShape(workflows)).toEqual([]);
    expect(jobsReachableBy('release', workflows)).toContainEqual({
      workflow: '.github/workflows/deploy.yml',
      job: 'deploy',
    });
  });

  it('build no image before the tests pass, and deploy the digest the deploy job waited for', async () => {
    const workflows = await readWorkflows(repoRoot);
    expect(untestedBuilds(workflows)).toEqual([]);
    expect(deployByTag(workflows)).toEqual([]);
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

  it('a write token beside a checkout of the pull request (pull_request_target), and not the plan comment', () => {
    const target = wf(
      'pr.yml',
      'on: pull_request_target\njobs:\n  c:\n    permissions: {contents: read, pull-requests: write}\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - run: npm ci && npm run plan\n',
    );
    expect(pullRequestWriters([target]).map((p) => p.message)).toEqual([
      'a pull_request_target event reaches a job that checks out code holding write on pull-requests',
    ]);
    const ci = wf(
      'ci.yml',
      'name: ci\non: pull_request\njobs:\n  t: {permissions: {contents: read}, steps: []}\n',
    );
    const after = (steps: string) =>
      wf(
        'after.yml',
        `on:\n  workflow_run: {workflows: [ci]}\njobs:\n  c:\n    permissions: write-all\n    steps: ${steps}\n`,
      );
    expect(pullRequestWriters([ci, after('[{uses: actions/checkout@v4}]')])[0]?.message).toBe(
      'a pull_request event reaches a job that checks out code holding write on every scope',
    );
    expect(pullRequestWriters([ci, after('[{run: gh pr comment 1 --body-file plan.md}]')])).toEqual([]);
  });

  it("the old deploy's triggers and its second rollback", () => {
    const messages = deployShape([oldDeploy]).map((p) => p.message);
    expect(messages).toContain(
      'trigger workflow_run may not start a deploy (only release, workflow_dispatch)',
    );
    expect(messages.some((m) => m.includes('rolls back: deploy.sh already does, exactly once'))).toBe(true);
  });

  it('the old build: any v* tag built and pushed, no test run before it', () => {
    const job =
      '  image:\n    runs-on: x\n    permissions: {contents: read, packages: write}\n    steps: [{run: docker push}]\n';
    const oldBuild = wf('build.yml', `name: build\non:\n  push:\n    tags: ['v*']\njobs:\n${job}`);
    expect(untestedBuilds([oldBuild]).map((p) => p.message)).toEqual([
      'pushes an image without needing the tests (a job with uses: ./.github/workflows/test.yml)',
    ]);
    // Calling the tests is not enough without waiting for them; nor is a test.yml that cannot be called.
    const test = '  test:\n    uses: ./.github/workflows/test.yml\n    permissions: {contents: read}\n';
    const beside = wf('build.yml', `name: build\non: push\njobs:\n${test}${job}`);
    expect(untestedBuilds([beside]).map((p) => p.where)).toContain('job image');
    const after = wf('build.yml', `name: build\non: push\njobs:\n${test}${job}    needs: test\n`);
    const uncallable = wf('test.yml', 'name: test\non: push\njobs: {}\n');
    expect(untestedBuilds([after, uncallable]).map((p) => p.message)).toEqual([
      'build.yml calls it, but it has no workflow_call trigger',
    ]);
    const callable = wf('test.yml', 'name: test\non: [push, workflow_call]\njobs: {}\n');
    expect(untestedBuilds([after, callable])).toEqual([]);
  });

  it('the old deploy: the mutable tag deployed, not the digest waited for', () => {
    const deploy = (env: string) =>
      wf(
        'deploy.yml',
        `name: deploy\non: release\njobs:\n  deploy:\n    steps:\n      - id: image\n        run: echo digest=sha256:1 >> "$GITHUB_OUTPUT"\n      - name: Deploy\n        env: {${env}}\n        run: printf 'export PORTTRACK_IMAGE_DIGEST=%q' "$PORTTRACK_IMAGE_DIGEST" | ssh m scripts/deploy.sh\n`,
      );
    expect(deployByTag([deploy('PORTTRACK_VERSION: "1.2.3"')])[0]?.message).toContain('deploys the tag');
    expect(deployByTag([deploy('PORTTRACK_IMAGE_DIGEST: latest')])).toHaveLength(1);
    expect(deployByTag([deploy('PORTTRACK_IMAGE_DIGEST: "${{ steps.image.outputs.digest }}"')])).toEqual([]);
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
