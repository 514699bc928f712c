import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Problem } from '../../lib/validation.ts';
import { shellScripts } from './shellcheck.ts';

const run = promisify(execFile);

/**
 * Secrets never go on a command line: a process's arguments are readable by every user of the
 * machine (ps, /proc/PID/cmdline) and a container's healthcheck command by anyone who can inspect
 * it. A secret reaches a program through a file, stdin or the environment instead. These are the
 * shapes that put one there; each was once in this repository.
 */
const flagRules: Array<{ pattern: RegExp; message: string }> = [
  {
    // htpasswd -nbB user password
    pattern: /\bhtpasswd\b[^|;&\n]*\s-[a-zA-Z]*b/,
    message: 'htpasswd -b takes the password as an argument: use -i and give it on stdin',
  },
  {
    // psql -v pw="$(cat file)" or -v pw="$PW" (a path, -v f="$dir/file", is fine)
    pattern: /\bpsql\b[^|;&\n]*\s(?:-v|--set|--variable)[\s=]*\w+=["']?\$(?:\(|\{?\w+\}?(?:["'\s]|$))/,
    message: "psql -v puts the value on psql's command line: read the file inside psql (\\set pw `cat FILE`)",
  },
  {
    pattern: /\bredis-cli\b[^|;&\n]*\s-a\s/,
    message: 'redis-cli -a puts the password on the command line: set REDISCLI_AUTH instead',
  },
  {
    pattern: /\s--password(?!-stdin|-file|_file)[\s=]+\S/,
    message: '--password on a command line: pass it by file or stdin',
  },
];

/** `$(cat FILE)` or `$(tr ... <FILE)` (`$$(` in a Compose file) of a file that holds a secret. */
const secretRead = /\$\$?\(\s*(?:cat\s+|tr\b[^)]*<\s*)([^)]*)\)/g;
const secretFile = /\/run\/secrets\/|password|token|secret/i;
/** Builtins of bash and sh: no process, so no command line anyone else can read. */
const builtins = new Set(['printf', 'echo', 'read', 'local', 'export', 'declare', 'test', '[', ':']);

/** Where a secret read by command substitution ends up, judged by what comes before it. */
function substitutionProblem(textBefore: string): string | undefined {
  const before = textBefore
    // A healthcheck's shell command starts after "CMD-SHELL", in a stack or Compose file, and
    // its quotes are escaped there.
    .replace(/^.*"CMD-SHELL",\s*"/, '')
    .replace(/\\"/g, '"')
    // Earlier substitutions on the line are words of the command, not commands of their own.
    .replace(/\$\$?\([^)]*\)/g, 'X');
  // NAME=$(cat f) assigns (a variable, or a command's environment): no argument.
  if (/(?:^|[\s;&|(])\w+=(?:"[^"]*)?$/.test(before) && !/\s-{1,2}\w+[\s=]+\w+=["']?$/.test(before))
    return undefined;
  const segment = before.split(/\|\||&&|[|;(`]|\bthen\b|\bdo\b/).pop() ?? '';
  const command = segment
    .trim()
    .split(/\s+/)
    .find((word) => !/^\w+=/.test(word));
  if (command && builtins.has(command)) return undefined;
  return `a secret file's content is an argument of ${command ?? 'a command'}: pass it by file, stdin or environment`;
}

/** Lines joined where they end in a backslash, each with the number of its first line. */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let pending: { line: number; text: string } | undefined;
  text.split('\n').forEach((raw, i) => {
    const current = pending ?? { line: i + 1, text: '' };
    current.text += raw.replace(/\\$/, ' ');
    pending = raw.endsWith('\\') ? current : undefined;
    if (!pending) out.push(current);
  });
  if (pending) out.push(pending);
  return out;
}

/** Every place in `text` (the file `file`) where a secret would be on a command line. */
export function secretArgumentsIn(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  for (const { line, text: code } of logicalLines(text)) {
    if (/^\s*#/.test(code)) continue;
    const where = `line ${line}`;
    for (const rule of flagRules)
      if (rule.pattern.test(code)) problems.push({ file, where, message: rule.message });
    const found = new Set<string>();
    for (const m of code.matchAll(secretRead)) {
      if (!secretFile.test(m[1]!)) continue;
      const message = substitutionProblem(code.slice(0, m.index));
      if (message) found.add(message);
    }
    for (const message of found) problems.push({ file, where, message });
  }
  return problems;
}

/** The files that run commands: shell scripts, the stack and Compose files, workflows, Dockerfiles. */
export async function commandFiles(root: string): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 16 << 20 });
  const other = stdout
    .split('\0')
    .filter((f) => /^(stack\/.*\.ya?ml|\.github\/workflows\/.*\.ya?ml|(.*\/)?Dockerfile)$/.test(f));
  return [...new Set([...(await shellScripts(root)), ...other])].sort();
}

export async function secretArgumentProblems(root: string): Promise<Problem[]> {
  const files = await commandFiles(root);
  const texts = await Promise.all(files.map((f) => readFile(join(root, f), 'utf8')));
  return files.flatMap((f, i) => secretArgumentsIn(f, texts[i]!));
}
