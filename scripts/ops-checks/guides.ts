import { execFile } from 'node:child_process';
import { basename, dirname, join, normalize } from 'node:path';
import { access, readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Problem } from '../../lib/validation.ts';
import { documentedTools } from './documented-tools.ts';
import { codeBlocks, relativeLinks, shellCommands } from './markdown.ts';
import { mermaidError } from './mermaid.ts';

const run = promisify(execFile);
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const shellLangs = new Set(['sh', 'bash', 'shell', 'console']);
const npmBuiltins = new Set([
  'ci',
  'install',
  'i',
  'test',
  't',
  'start',
  'run',
  'exec',
  'view',
  'ls',
  'audit',
  'outdated',
  '--version',
]);

/** Every guide: the README and the Markdown files under runbooks/ and docs/ that git tracks. */
export async function guideFiles(root: string): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z', '--', 'README.md', 'runbooks/*.md', 'docs/*.md'], {
    cwd: root,
  });
  return stdout.split('\0').filter(Boolean).sort();
}

/**
 * A command's path as a path in this repository: relative paths as they are; an absolute one
 * (a copy on the VM, e.g. /opt/porttrack/stack/scripts/deploy.sh) from its first folder that is
 * a top-level folder of the repository. Undefined for a path outside it (/usr/sbin/...).
 */
async function repositoryPath(path: string, root: string): Promise<string | undefined> {
  const clean = path.replace(/^\.\//, '');
  if (!clean.startsWith('/') && !clean.startsWith('~')) return clean;
  const top = new Set(await readdir(root));
  const parts = clean.split('/');
  const at = parts.findIndex((part, i) => i > 0 && top.has(part) && !part.startsWith('.'));
  return at > 0 ? parts.slice(at).join('/') : undefined;
}

interface Context {
  root: string;
  scripts: Record<string, string>;
}

/** What is wrong with one command line, or undefined: npm script, repository file or documented tool. */
async function commandProblem(command: string, ctx: Context): Promise<string | undefined> {
  for (const segment of command.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    const words = segment.split(/\s+/).filter(Boolean);
    while (
      words.length &&
      (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || ['sudo', 'time', 'env', 'exec', '!'].includes(words[0]!))
    )
      words.shift();
    const [program, ...args] = words;
    if (!program || /^[({]|^\$\(|^then$|^fi$|^else$|^if$|^while$/.test(program)) continue;
    if (program === 'npm') {
      const script = args[0] === 'run' ? args[1] : args[0];
      if (args[0] === 'run' && (!script || !(script in ctx.scripts)))
        return `npm run ${script ?? ''}: no such npm script`;
      if (args[0] !== 'run' && script && !npmBuiltins.has(script) && !(script in ctx.scripts))
        return `npm ${script}: no such npm script`;
      continue;
    }
    const file =
      program === 'bash' || program === 'npx'
        ? args.find((a) => a.includes('/') || /\.(sh|ts)$/.test(a))
        : undefined;
    if (program === 'npx' && args[0] && !args[0].startsWith('-') && args[0] !== 'tsx') {
      if (!(await exists(join(ctx.root, 'node_modules/.bin', args[0]))))
        return `npx ${args[0]}: not a dependency of this repository`;
      continue;
    }
    const path = file ?? (program.includes('/') ? program : undefined);
    if (path) {
      const relative = await repositoryPath(path, ctx.root);
      if (relative === undefined) {
        if (!(basename(path) in documentedTools))
          return `${path}: not a repository file or a documented tool`;
      } else if (!(await exists(join(ctx.root, relative)))) return `${path}: no such file in the repository`;
      continue;
    }
    if (!(program in documentedTools))
      return `${program}: not an npm script, a repository file or a documented tool (scripts/ops-checks/documented-tools.ts)`;
  }
  return undefined;
}

/** One guide's commands, relative links and Mermaid diagrams. */
export async function guideProblems(
  root: string,
  file: string,
  scripts: Record<string, string>,
): Promise<Problem[]> {
  const text = await readFile(join(root, file), 'utf8');
  const problems: Problem[] = [];
  const ctx = { root, scripts };
  for (const block of codeBlocks(text)) {
    if (block.lang === 'mermaid') {
      const error = await mermaidError(block.body);
      if (error) problems.push({ file, where: `line ${block.line}`, message: `Mermaid: ${error}` });
    } else if (shellLangs.has(block.lang)) {
      const body =
        block.lang === 'console'
          ? block.body
              .split('\n')
              .filter((l) => /^\s*\$ /.test(l))
              .join('\n')
          : block.body;
      for (const command of shellCommands(body)) {
        const problem = await commandProblem(command, ctx);
        if (problem) problems.push({ file, where: `line ${block.line}`, message: problem });
      }
    }
  }
  // Inline `npm run x` in prose names a script too.
  for (const m of text.matchAll(/`npm run ([\w:.-]+)[^`]*`/g))
    if (!(m[1]! in scripts)) problems.push({ file, message: `npm run ${m[1]}: no such npm script` });
  for (const link of relativeLinks(text)) {
    const target = decodeURIComponent(link.target.replace(/#.*$/, ''));
    if (!target) continue;
    const resolved = normalize(join(dirname(file), target));
    if (resolved.startsWith('..'))
      problems.push({ file, where: `line ${link.line}`, message: `${link.target} leaves the repository` });
    else if (!(await exists(join(root, resolved))))
      problems.push({ file, where: `line ${link.line}`, message: `${link.target}: no such file` });
  }
  return problems;
}

export async function guidesProblems(root: string): Promise<Problem[]> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const problems: Problem[] = [];
  for (const file of await guideFiles(root)) problems.push(...(await guideProblems(root, file, pkg.scripts)));
  return problems;
}
