import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type ScriptFunctions, type ShellCommand, scriptFunctions, shellCommands } from './shell-commands.ts';

/** A program some code runs, and where that call is (`file:line`, relative to the root). */
export interface SpawnedBinary {
  binary: string;
  where: string;
}

/** Node's ways of running a program, the project's thin wrappers (run, runTool, succeeds), and PATH look-ups. */
const spawningCalls =
  /\b(spawnSync|spawn|execFileSync|execFile|execSync|run|runTool|succeeds|findBinary)\(\s*(?:'([^']+)')?/g;
const relativeImports = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.ts)'/g;
const scriptLiteral = /'([\w./-]+\.sh)'/g;

/**
 * The programs that `npm test` runs: the commands of `scripts/test.sh` (and the scripts it runs),
 * then, in every test file vitest includes and every repository module those import (transitively),
 * each program named as a string literal in a spawn/execFile/run/findBinary call, and the
 * commands of each shell script such a call runs (`run(script('backup.sh'))`,
 * `execFileSync('bash', [join(repoRoot, 'stack/images/base/build-base.sh')])`).
 * A program chosen at run time (a variable) cannot be seen here.
 */
export function spawnedBinaries(root: string, testFiles: string[], entryScripts: string[]): SpawnedBinary[] {
  const found: SpawnedBinary[] = [];
  const seenScripts = new Set<string>();
  const allScripts = walk(root).filter((f) => f.endsWith('.sh'));

  /** Scans a script (once) and returns the functions it defines, for a script that sources it. */
  const scanScript = (path: string): ScriptFunctions => {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const functions = scriptFunctions(text);
    if (seenScripts.has(path)) return functions;
    seenScripts.add(path);
    // The script named on that line (quoted, built from $(dirname "$0") or from a folder variable alike).
    const runs = (c: ShellCommand) => {
      const named = /(?:\$\{?\w+\}?\/)?([\w.-]+\/)*[\w.-]+\.sh\b/.exec(lines[c.line - 1] ?? '');
      return named ? resolveScript(root, dirname(path), named[0], allScripts) : undefined;
    };
    const commands = shellCommands(text);
    const sourced = commands.filter((c) => c.command === '.' || c.command === 'source');
    const fromSourced = sourced.flatMap((c) => {
      const script = runs(c);
      return script ? [scanScript(script)] : [];
    });
    for (const c of shellCommands(text, fromSourced)) {
      if (c.command === '.' || c.command === 'source') continue;
      const script = ['bash', 'sh'].includes(c.command) ? runs(c) : undefined;
      if (script) scanScript(script);
      found.push({ binary: c.command, where: `${relative(root, path)}:${c.line}` });
    }
    return functions;
  };

  const seenModules = new Set<string>();
  const scanModule = (path: string) => {
    if (seenModules.has(path) || !existsSync(path)) return;
    seenModules.add(path);
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(relativeImports)) scanModule(resolve(dirname(path), m[1]!));
    // `run(...)` elsewhere is anybody's function: only where the file runs programs at all.
    if (!/child_process|import \{[^}]*\b(run|runTool|findBinary)\b/.test(text)) return;
    for (const m of text.matchAll(spawningCalls)) {
      const where = `${relative(root, path)}:${lineOf(text, m.index)}`;
      const statement = text.slice(m.index, text.indexOf(';', m.index) + 1 || undefined);
      for (const s of statement.matchAll(scriptLiteral)) {
        const script = resolveScript(root, root, s[1]!, allScripts);
        if (script) scanScript(script);
      }
      const literal = m[2];
      const program = m[1] === 'execSync' ? literal?.split(' ')[0] : literal;
      if (program && !program.endsWith('.sh')) found.push({ binary: program, where });
    }
  };

  for (const script of entryScripts) scanScript(join(root, script));
  for (const file of testFiles) scanModule(join(root, file));
  return found;
}

/** The test files vitest runs under `include: ['**\/*.test.ts']` and `dir/**` excludes. */
export function includedTestFiles(root: string, excludes: string[]): string[] {
  const prefixes = excludes.map((pattern) => {
    if (!pattern.endsWith('/**'))
      throw new Error(`exclude pattern ${pattern}: only "dir/**" is understood here`);
    return pattern.slice(0, -2);
  });
  return walk(root)
    .map((f) => relative(root, f))
    .filter((f) => f.endsWith('.test.ts') && !prefixes.some((p) => f.startsWith(p)));
}

/** A script named by a call: relative to the caller's folder or the root, else the one repository file of that name. */
function resolveScript(root: string, from: string, name: string, allScripts: string[]): string | undefined {
  const bare = name.replace(/^"?\$\{?\w+\}?\/?/, '').replace(/"/g, '');
  for (const candidate of [resolve(from, bare), resolve(root, bare)])
    if (existsSync(candidate)) return candidate;
  const matches = allScripts.filter((f) => f.endsWith(`/${bare}`));
  return matches.length === 1 ? matches[0] : undefined;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', '.data', 'test-results', 'coverage'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
