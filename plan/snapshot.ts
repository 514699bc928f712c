import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { plannedFile, type Snapshot } from './planned-files.ts';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

async function tsxIn(root: string, ...args: string[]): Promise<void> {
  try {
    await run(process.execPath, [tsx, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`generation failed in ${root} (tsx ${args.join(' ')}):\n${stderr || stdout || error}`, {
      cause: error,
    });
  }
}

/**
 * What the generators of the checkout at `root` produce now, without writing anything there:
 * the working tree as it is, uncommitted edits included (the "after" side of a plan).
 */
export async function generatedNow(root: string): Promise<Snapshot> {
  const dir = await mkdtemp(join(tmpdir(), 'porttrack-plan-'));
  try {
    const out = join(dir, 'generated.json');
    await tsxIn(root, join(import.meta.dirname, 'dump-generated.ts'), root, out);
    return new Map(Object.entries(JSON.parse(await readFile(out, 'utf8')) as Record<string, string>));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The "before" side: `npm run generate`'s own entry point (scripts/generate.ts) run in a
 * throw-away checkout of the base, then the planned files read back from it. Works for any
 * base that has the generator, whatever its internals were then.
 */
export async function generatedIn(checkout: string): Promise<Snapshot> {
  await tsxIn(checkout, 'scripts/generate.ts');
  const files = new Map<string, string>();
  for (const entry of await readdir(join(checkout, 'stack'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(checkout, join(entry.parentPath, entry.name));
    if (plannedFile(path)) files.set(path, await readFile(join(checkout, path), 'utf8'));
  }
  return files;
}
