import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Problem } from '../../lib/validation.ts';

const run = promisify(execFile);

/** Tracked files that are shell scripts: `*.sh`, or a `#!` line naming bash or sh. */
export async function shellScripts(root: string): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 16 << 20 });
  const files = stdout.split('\0').filter(Boolean);
  const scripts: string[] = [];
  for (const file of files) {
    if (file.endsWith('.sh')) {
      scripts.push(file);
      continue;
    }
    if (/\.(ts|js|mjs|json|ya?ml|md|txt|conf|css|html|golden|lock)$/.test(file)) continue;
    const head = await readFile(join(root, file), 'utf8')
      .then((t) => t.slice(0, 64))
      .catch(() => '');
    if (/^#!\s*\/(usr\/)?bin\/(env\s+)?(ba)?sh\b/.test(head)) scripts.push(file);
  }
  return scripts.sort();
}

/** `shellcheck` (Debian package) over the given scripts; each finding located by file and line. */
export async function shellcheckProblems(root: string, files: string[]): Promise<Problem[]> {
  if (!files.length) return [];
  try {
    await run('shellcheck', ['--format=gcc', '--external-sources', ...files], {
      cwd: root,
      maxBuffer: 16 << 20,
    });
    return [];
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string };
    if (e.code === 'ENOENT')
      return [
        {
          file: 'shellcheck',
          message: 'not installed: apt-get install shellcheck (npm test installs it as root)',
        },
      ];
    const lines = (e.stdout ?? '').split('\n').filter(Boolean);
    if (!lines.length) return [{ file: 'shellcheck', message: e.message }];
    return lines.map((line) => {
      const m = /^(.+?):(\d+):(\d+): (.*)$/.exec(line);
      return m
        ? { file: m[1]!, where: `line ${m[2]}:${m[3]}`, message: m[4]! }
        : { file: 'shellcheck', message: line };
    });
  }
}
