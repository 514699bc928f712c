import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `git <args>` in `cwd`, its stdout trimmed; git's own message when it fails. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || String(error)}`, { cause: error });
  }
}

/**
 * The default base: where this branch left `main` (the local branch, else `origin/main`, as a
 * CI checkout of a pull request has it).
 */
export async function defaultBase(cwd: string): Promise<string> {
  for (const main of ['main', 'origin/main']) {
    const merged = await git(cwd, 'merge-base', 'HEAD', main).catch(() => undefined);
    if (merged) return merged;
  }
  throw new Error('no merge base with main or origin/main: pass --base REF (in CI, fetch the base branch)');
}

export interface Worktree {
  dir: string;
  /** Removes the worktree and its folder. */
  remove(): Promise<void>;
}

/** A temporary checkout of `ref` beside the repository in `cwd`, sharing its node_modules. */
export async function addWorktree(cwd: string, ref: string): Promise<Worktree> {
  const commit = await git(cwd, 'rev-parse', '--verify', `${ref}^{commit}`);
  const top = await git(cwd, 'rev-parse', '--show-toplevel');
  const dir = await mkdtemp(join(tmpdir(), 'porttrack-plan-'));
  const remove = async () => {
    await git(top, 'worktree', 'remove', '--force', dir).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await git(top, 'worktree', 'prune').catch(() => undefined);
  };
  try {
    await git(top, 'worktree', 'add', '--detach', '--quiet', dir, commit);
    await symlink(join(top, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}

/** `use` a temporary checkout of `ref`, removed afterwards whatever `use` did. */
export async function withWorktree<T>(
  cwd: string,
  ref: string,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const worktree = await addWorktree(cwd, ref);
  try {
    return await use(worktree.dir);
  } finally {
    await worktree.remove();
  }
}
