// scripts/ensure-tools.sh decides from the table and a real `command -v` lookup what to install,
// and whether it can: seen with --dry-run on a PATH that holds only what the test puts there, as
// root and as another user (setpriv). Nothing is installed or removed on this machine.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { findBinary } from '../../local-platform/binaries.ts';
import { toolTable } from '../../lib/tools/table.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const root = process.getuid?.() === 0;
/**
 * A copy of the script and its table in a folder every user can read: the checkout may sit in
 * root's private home (0700), where another user cannot run the original.
 */
const script = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'porttrack-ensure-tools-script-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tools'), { mode: 0o755 });
  copyFileSync(join(repoRoot, 'scripts/ensure-tools.sh'), join(dir, 'ensure-tools.sh'));
  copyFileSync(join(repoRoot, 'scripts/tools/tools.txt'), join(dir, 'tools/tools.txt'));
  dirs.push(dir);
  return join(dir, 'ensure-tools.sh');
})();
const rows = (scope: string) => toolTable().filter((row) => row.neededBy.includes(scope));
const packages = (scope: string, except: string[] = []) =>
  [
    ...new Set(
      rows(scope)
        .filter((r) => !except.includes(r.program))
        .map((r) => r.debianPackage),
    ),
  ]
    .sort()
    .join(' ');

/** A PATH with only the programs named (links to this machine's). */
function pathWith(...programs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'porttrack-ensure-tools-'));
  chmodSync(dir, 0o755);
  for (const program of ['bash', 'dirname', 'sort', 'sed', 'id', ...programs]) {
    const real = findBinary(program);
    if (!real) throw new Error(`${program} is not installed here`);
    symlinkSync(real, join(dir, program));
  }
  dirs.push(dir);
  return dir;
}

const ensureTools = (path: string, args: string[], asUser?: number) => {
  const [command, prefix] = asUser
    ? [
        findBinary('setpriv') ?? 'setpriv',
        [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', join(path, 'bash')],
      ]
    : [join(path, 'bash'), []];
  const result = spawnSync(command, [...prefix, script, ...args], { encoding: 'utf8', env: { PATH: path } });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
};

describe('ensure-tools.sh start', () => {
  it.skipIf(!root)('as root with apt-get: would install every missing start program, and only those', () => {
    expect(ensureTools(pathWith('apt-get'), ['start', '--dry-run'])).toEqual({
      status: 0,
      output: `ensure-tools: would install ${packages('start')} (apt-get)`,
    });
    // prometheus present: its package is no longer wanted (a real command -v lookup).
    expect(ensureTools(pathWith('apt-get', 'prometheus'), ['start', '--dry-run']).output).toBe(
      `ensure-tools: would install ${packages('start', ['prometheus'])} (apt-get)`,
    );
    const everything = rows('start').map((r) => r.program);
    expect(ensureTools(pathWith('apt-get', ...everything), ['start', '--dry-run']).output).toBe(
      'ensure-tools: nothing to install',
    );
  });

  it.skipIf(!root)('as root without apt-get: cannot, and says how', () => {
    expect(ensureTools(pathWith(), ['start', '--dry-run']).output).toBe(
      `ensure-tools: cannot install ${packages('start')} (no apt-get on this machine). Install them with: sudo apt-get install ${packages('start')}`,
    );
  });

  it.skipIf(!root)(
    'as another user: cannot; npm start goes on (exit 0, silent), npm test stops with the line',
    () => {
      const path = pathWith('apt-get');
      const nobody = 65534;
      expect(ensureTools(path, ['start', '--dry-run'], nobody).output).toBe(
        `ensure-tools: cannot install ${packages('start')} (not root). Install them with: sudo apt-get install ${packages('start')}`,
      );
      expect(ensureTools(path, ['start'], nobody)).toEqual({ status: 0, output: '' });
      const test = ensureTools(path, ['test'], nobody);
      expect(test.status).toBe(1);
      expect(test.output).toMatch(
        /^ensure-tools: missing .*\bdebootstrap\b.* \(not root\)\. Install them with: sudo apt-get install /,
      );
    },
  );

  it('refuses an unknown argument', () => {
    expect(ensureTools(pathWith(), ['deploy']).status).toBe(2);
  });
});
