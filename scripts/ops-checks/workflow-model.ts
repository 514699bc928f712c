import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';

/** One GitHub Actions workflow as the checks see it: its file, raw text and parsed YAML. */
export interface Workflow {
  file: string;
  text: string;
  name: string;
  /** Trigger name -> its settings (`on: push` and `on: [push]` normalised to this form). */
  on: Record<string, Record<string, unknown> | null>;
  permissions: unknown;
  jobs: Record<string, Job>;
}

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

export interface Job {
  'runs-on'?: unknown;
  permissions?: unknown;
  environment?: string | { name?: string };
  needs?: string | string[];
  if?: string;
  uses?: string;
  steps?: Step[];
}

export const workflowsDir = '.github/workflows';

function normaliseOn(on: unknown): Workflow['on'] {
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [String(e), null]));
  if (on && typeof on === 'object') return on as Workflow['on'];
  return {};
}

export function parseWorkflow(file: string, text: string): Workflow {
  const doc = (load(text) ?? {}) as Record<string, unknown>;
  return {
    file,
    text,
    name: typeof doc.name === 'string' ? doc.name : file,
    on: normaliseOn(doc.on),
    permissions: doc.permissions,
    jobs: (doc.jobs ?? {}) as Record<string, Job>,
  };
}

export async function readWorkflows(root: string): Promise<Workflow[]> {
  const dir = join(root, workflowsDir);
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => parseWorkflow(`${workflowsDir}/${f}`, await readFile(join(dir, f), 'utf8'))),
  );
}

export const environmentOf = (job: Job) =>
  typeof job.environment === 'string' ? job.environment : job.environment?.name;
