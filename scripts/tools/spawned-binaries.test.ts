// Every program `npm test` runs is one scripts/ensure-tools.sh provides (or one every Debian has):
// a test that calls a program the preflight does not install fails here, not on a fresh machine.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import vitestConfig from '../../vitest.config.ts';
import { includedTestFiles, type SpawnedBinary, spawnedBinaries } from './spawned-binaries.ts';
import { toolTable } from '../../lib/tools/table.ts';

/** Provided before a test runs: installed by the preflight, or part of the base system. */
const provided = new Set(['test', 'service', 'base', 'upstream']);
const undeclared = (found: SpawnedBinary[]) => {
  const table = toolTable();
  return found.filter(
    (f) => !table.some((row) => row.program === f.binary && row.neededBy.some((n) => provided.has(n))),
  );
};
const suite = (root: string) =>
  spawnedBinaries(root, includedTestFiles(root, vitestConfig.test?.exclude ?? []), ['scripts/test.sh']);

describe('the programs npm test runs', () => {
  const found = suite(repoRoot);

  it('are each installed by scripts/ensure-tools.sh or part of a base Debian', () => {
    expect(undeclared(found).map((f) => `${f.binary} (${f.where})`)).toEqual([]);
  });

  it('are read from test files, the modules they import, and the scripts those run', () => {
    const where = (binary: string) => found.find((f) => f.binary === binary)?.where;
    // vm-setup.test.ts runs build-base.sh, which runs debootstrap.
    expect(where('debootstrap')).toMatch(/^stack\/images\/base\/build-base\.sh:/);
    expect(where('ssh-keygen')).toMatch(/^stack\/scripts\/vm-setup\.test\.ts:/);
    // backup.sh runs pg_dump through its `pg` function (stack/scripts/lib/backup-common.sh).
    expect(where('pg_dump')).toMatch(/^stack\/scripts\/backup\.sh:/);
    // npm test runs scripts/test.sh, which runs ensure-tools.sh.
    expect(where('pg_ctlcluster')).toMatch(/^scripts\/ensure-tools\.sh:/);
    expect(where('promtool')).toBeDefined();
  });
});

describe('a program the preflight does not provide', () => {
  const dir = mkdtempSync(join(tmpdir(), 'porttrack-spawned-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the check, whether a test file, a module it imports or a script it runs calls it', () => {
    mkdirSync(join(dir, 'scripts'), { recursive: true });
    // A copy of the real entry script with one planted call.
    copyFileSync(join(repoRoot, 'scripts/test.sh'), join(dir, 'scripts/test.sh'));
    appendFileSync(join(dir, 'scripts/test.sh'), 'frobnicate --now\n');
    // A test file, a module it imports, a script it runs (scripts/tools/planted/), each calling one.
    const planted = (name: string, to: string) =>
      copyFileSync(join(import.meta.dirname, 'planted', `${name}.txt`), join(dir, to));
    planted('helper.sh', 'scripts/helper.sh');
    planted('lib.ts', 'lib.ts');
    planted('planted.test.ts', 'planted.test.ts');
    const found = suite(dir);
    expect(undeclared(found).map((f) => `${f.binary} ${f.where}`)).toEqual([
      expect.stringMatching(/^frobnicate scripts\/test\.sh:\d+$/),
      'quuxd lib.ts:2',
      'zorkctl scripts/helper.sh:7',
    ]);
    // The planted file's promtool is declared, and found.
    expect(found.some((f) => f.binary === 'promtool' && f.where === 'planted.test.ts:4')).toBe(true);
  });
});
