import type { Problem } from '../../lib/validation.ts';
import { environmentOf, type Workflow } from './workflow-model.ts';
import { jobsReachableBy, pullRequestEvents } from './workflow-reach.ts';

export const deployWorkflowFile = '.github/workflows/deploy.yml';
/** The only events that may start a deploy: a published release, or a person with a tag. */
export const deployEvents = ['release', 'workflow_dispatch'];

/** `owner/repo[/path]@<40 hex>  # vX.Y.Z`: a commit cannot be moved the way a tag can. */
const pinned = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;

export function unpinnedActions(w: Workflow): Problem[] {
  const problems: Problem[] = [];
  for (const [name, job] of Object.entries(w.jobs)) {
    for (const step of job.steps ?? []) {
      const uses = step.uses;
      if (!uses || uses.startsWith('./')) continue;
      if (!pinned.test(uses))
        problems.push({
          file: w.file,
          where: `job ${name}`,
          message: `${uses} is not pinned to a commit SHA`,
        });
      else if (!new RegExp(`${uses}\\s+#\\s*v\\d`).test(w.text))
        problems.push({
          file: w.file,
          where: `job ${name}`,
          message: `${uses} has no "# vX.Y.Z" comment naming its release`,
        });
    }
  }
  return problems;
}

const isEmptyObject = (v: unknown) => !!v && typeof v === 'object' && Object.keys(v).length === 0;

/** Nothing granted at the top; each job states what it needs, and never `write-all`. */
export function loosePermissions(w: Workflow): Problem[] {
  const problems: Problem[] = [];
  if (!isEmptyObject(w.permissions))
    problems.push({ file: w.file, message: 'top-level permissions must be {} (each job grants its own)' });
  for (const [name, job] of Object.entries(w.jobs)) {
    if (job.permissions === undefined)
      problems.push({
        file: w.file,
        where: `job ${name}`,
        message: 'no permissions: block (least privilege per job)',
      });
    else if (typeof job.permissions === 'string')
      problems.push({
        file: w.file,
        where: `job ${name}`,
        message: `permissions: ${job.permissions} grants every scope`,
      });
  }
  return problems;
}

const secretsUsed = (text: string) =>
  [...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)]
    .map((m) => m[1])
    .filter((s) => s !== 'GITHUB_TOKEN');

/**
 * No pull request reaches a job that holds an environment or a secret, and in particular the
 * deploy job, through any trigger, call or workflow_run chain.
 */
export function pullRequestReach(workflows: readonly Workflow[]): Problem[] {
  const problems: Problem[] = [];
  const byFile = new Map(workflows.map((w) => [w.file, w]));
  for (const event of pullRequestEvents) {
    for (const ref of jobsReachableBy(event, workflows)) {
      const w = byFile.get(ref.workflow)!;
      const job = w.jobs[ref.job]!;
      const env = environmentOf(job);
      const secrets = secretsUsed(JSON.stringify(job));
      if (ref.workflow === deployWorkflowFile)
        problems.push({
          file: w.file,
          where: `job ${ref.job}`,
          message: `a ${event} event can reach the deploy job`,
        });
      else if (env || secrets.length)
        problems.push({
          file: w.file,
          where: `job ${ref.job}`,
          message: `a ${event} event reaches a job with ${env ? `environment ${env}` : `secrets ${secrets.join(', ')}`}`,
        });
    }
  }
  return problems;
}

/** The scopes a job's `permissions:` grants write on (`write-all` as every scope). */
function writeScopes(permissions: unknown): string[] {
  if (permissions === 'write-all') return ['every scope'];
  if (!permissions || typeof permissions !== 'object') return [];
  return Object.entries(permissions)
    .filter(([, level]) => level === 'write')
    .map(([scope]) => scope);
}

/**
 * No job a pull request can set off holds a write token and checks out code: on
 * pull_request_target or a workflow_run chain the token is the base repository's even for a
 * fork's pull request, so checking the pull request out there runs a fork's code with it. Such
 * a job may only act on data (e.g. post a plan that a read-only job made).
 */
export function pullRequestWriters(workflows: readonly Workflow[]): Problem[] {
  const byFile = new Map(workflows.map((w) => [w.file, w]));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const event of pullRequestEvents)
    for (const ref of jobsReachableBy(event, workflows)) {
      const job = byFile.get(ref.workflow)!.jobs[ref.job]!;
      const scopes = writeScopes(job.permissions);
      const checksOut = (job.steps ?? []).some((s) => s.uses?.startsWith('actions/checkout@'));
      if (!scopes.length || !checksOut || seen.has(`${ref.workflow} ${ref.job}`)) continue;
      seen.add(`${ref.workflow} ${ref.job}`);
      problems.push({
        file: ref.workflow,
        where: `job ${ref.job}`,
        message: `a ${event} event reaches a job that checks out code holding write on ${scopes.join(', ')}`,
      });
    }
  return problems;
}

/** The deploy workflow: release or dispatch only, production environment, serialised, no rollback of its own. */
export function deployShape(workflows: readonly Workflow[]): Problem[] {
  const w = workflows.find((x) => x.file === deployWorkflowFile);
  if (!w) return [{ file: deployWorkflowFile, message: 'missing' }];
  const problems: Problem[] = [];
  const say = (message: string, where?: string) =>
    problems.push({ file: w.file, message, ...(where ? { where } : {}) });
  for (const event of Object.keys(w.on))
    if (!deployEvents.includes(event))
      say(`trigger ${event} may not start a deploy (only ${deployEvents.join(', ')})`);
  const releaseTypes = (w.on.release?.types as string[] | undefined) ?? [];
  if ('release' in w.on && (releaseTypes.length !== 1 || releaseTypes[0] !== 'published'))
    say('the release trigger must be types: [published] only');
  const doc = w.text;
  if (!/^concurrency:\s*\n\s+group:\s*\S+/m.test(doc)) say('no concurrency group: two deploys could overlap');
  for (const [name, job] of Object.entries(w.jobs)) {
    if (environmentOf(job) !== 'production')
      say('deploy job runs outside the production environment', `job ${name}`);
    for (const step of job.steps ?? []) {
      if (step.run && /\brollback\b/.test(step.run))
        say(
          `step "${step.name ?? step.run.slice(0, 30)}" rolls back: deploy.sh already does, exactly once`,
          `job ${name}`,
        );
    }
    if (!(job.steps ?? []).some((s) => s.run?.includes('scripts/deploy.sh')))
      say('does not run stack/scripts/deploy.sh', `job ${name}`);
  }
  return problems;
}

export const buildWorkflowFile = '.github/workflows/build.yml';
export const testWorkflowFile = '.github/workflows/test.yml';

/** Every job `name` needs, directly or through the jobs it needs. */
function allNeeds(jobs: Workflow['jobs'], name: string, seen = new Set<string>()): Set<string> {
  const needs = jobs[name]?.needs;
  for (const n of typeof needs === 'string' ? [needs] : (needs ?? []))
    if (!seen.has(n)) {
      seen.add(n);
      allNeeds(jobs, n, seen);
    }
  return seen;
}

/**
 * The build workflow pushes no image before the tests pass: every job allowed to write packages
 * needs (directly or not) a job that calls test.yml, which accepts the call (workflow_call).
 */
export function untestedBuilds(workflows: readonly Workflow[]): Problem[] {
  const w = workflows.find((x) => x.file === buildWorkflowFile);
  if (!w) return [{ file: buildWorkflowFile, message: 'missing' }];
  const problems: Problem[] = [];
  const callsTests = (job: string) => w.jobs[job]?.uses?.replace(/@.*$/, '') === `./${testWorkflowFile}`;
  for (const [name, job] of Object.entries(w.jobs)) {
    const pushes = JSON.stringify(job.permissions ?? {}).includes('"packages":"write"');
    if (pushes && ![...allNeeds(w.jobs, name)].some(callsTests))
      problems.push({
        file: w.file,
        where: `job ${name}`,
        message: `pushes an image without needing the tests (a job with uses: ./${testWorkflowFile})`,
      });
  }
  const tests = workflows.find((x) => x.file === testWorkflowFile);
  if (Object.values(w.jobs).some((j) => j.uses) && !(tests && 'workflow_call' in tests.on))
    problems.push({
      file: testWorkflowFile,
      message: 'build.yml calls it, but it has no workflow_call trigger',
    });
  return problems;
}

/**
 * The deploy job deploys the digest it waited for, not the tag (which can move meanwhile): the
 * step that runs deploy.sh sets PORTTRACK_IMAGE_DIGEST from a step's `digest` output and passes
 * it on to the manager.
 */
export function deployByTag(workflows: readonly Workflow[]): Problem[] {
  const w = workflows.find((x) => x.file === deployWorkflowFile);
  if (!w) return [{ file: deployWorkflowFile, message: 'missing' }];
  const problems: Problem[] = [];
  for (const [name, job] of Object.entries(w.jobs))
    for (const step of job.steps ?? []) {
      if (!step.run?.includes('scripts/deploy.sh')) continue;
      const digest = step.env?.PORTTRACK_IMAGE_DIGEST ?? '';
      if (
        !/^\$\{\{\s*steps\.[\w-]+\.outputs\.digest\s*\}\}$/.test(digest) ||
        !step.run.includes('PORTTRACK_IMAGE_DIGEST')
      )
        problems.push({
          file: w.file,
          where: `job ${name}`,
          message: `step "${step.name ?? 'deploy.sh'}" deploys the tag: give deploy.sh PORTTRACK_IMAGE_DIGEST from the digest the job waited for`,
        });
    }
  return problems;
}
