import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBase, git } from './git.ts';

// A real repository made by the test: main moves on after a branch leaves it.
let repo: string;
const commit = async (file: string, message: string) => {
  await writeFile(join(repo, file), message);
  await git(repo, 'add', file);
  await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '-qm', message);
  return git(repo, 'rev-parse', 'HEAD');
};

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'plan-git-'));
  await git(repo, 'init', '-q', '-b', 'main');
});
afterAll(() => rm(repo, { recursive: true, force: true }));

describe('defaultBase', () => {
  it('is where the branch left main, not main itself, and says what to do without one', async () => {
    const fork = await commit('a', 'one');
    await git(repo, 'checkout', '-q', '-b', 'change');
    await commit('b', 'two');
    await git(repo, 'checkout', '-q', 'main');
    const mainNow = await commit('c', 'three');
    await git(repo, 'checkout', '-q', 'change');
    expect(await defaultBase(repo)).toBe(fork);
    expect(fork).not.toBe(mainNow);
    await git(repo, 'branch', '-q', '-m', 'main', 'trunk');
    await expect(defaultBase(repo)).rejects.toThrow('pass --base REF');
  });
});
