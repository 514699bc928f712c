/**
 * The commands a bash script runs, read from its text: the first word of every simple command
 * (after `VAR=value` assignments and `if`/`while`/`!`/`then`/`do`), in the script itself, in
 * `$(...)` and in the command substitutions inside double quotes. Quoted text, comments, heredoc
 * bodies, `${...}` expansions and case patterns are not commands. Words built from variables
 * (`"$bin" --version`) cannot be read and are left out. Builtins and the script's own functions
 * are left out too.
 */

const keywords = new Set([
  'if',
  'then',
  'else',
  'elif',
  'while',
  'until',
  'do',
  'time',
  '!',
  'exec',
  'command',
]);
/** Segments starting with these are not a command run (loops' word lists, patterns, closers). */
const notCommands = new Set(['for', 'select', 'case', 'in', 'esac', 'fi', 'done', 'function', ';;']);
export const shellBuiltins = new Set(
  (
    ': . [ [[ ]] alias bg bind break builtin caller cd compgen complete continue declare dirs disown echo enable ' +
    'eval exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd printf ' +
    'pushd pwd read readarray readonly return set shift shopt source suspend test times trap true type ' +
    'typeset ulimit umask unalias unset wait'
  ).split(' '),
);

export interface ShellCommand {
  command: string;
  line: number;
  /** The rest of the segment's words, e.g. the script a `bash x.sh` runs. */
  args: string[];
}

/** The functions a script defines (`name() {` or `function name`). */
export const shellFunctions = (text: string): string[] =>
  [...text.matchAll(/^\s*(?:function\s+)?([\w-]+)\s*\(\)/gm)].map((m) => m[1]!);

/** Functions that run their arguments as a command (a line `"$@"` in their body), e.g. `pg pg_dump`. */
export const runnerFunctions = (text: string): string[] =>
  [...text.matchAll(/^\s*(?:function\s+)?([\w-]+)\s*\(\)\s*\{([\s\S]*?)^\}/gm)]
    .filter((m) => /^\s*"\$@"\s*$/m.test(m[2]!))
    .map((m) => m[1]!);

export interface ScriptFunctions {
  functions: string[];
  runners: string[];
}

export const scriptFunctions = (text: string): ScriptFunctions => ({
  functions: shellFunctions(text),
  runners: runnerFunctions(text),
});

/** `sourced`: the functions of the scripts this one sources (`. lib.sh`), which are not programs either. */
export function shellCommands(text: string, sourced: ScriptFunctions[] = []): ShellCommand[] {
  const own = scriptFunctions(text);
  const functions = new Set([...own.functions, ...sourced.flatMap((s) => s.functions)]);
  const runners = new Set([...own.runners, ...sourced.flatMap((s) => s.runners)]);
  const code = codeOnly(stripCaseArms(stripHeredocs(text)));
  const found: ShellCommand[] = [];
  let line = 1;
  for (const lineText of code.split('\n')) {
    const index = line - 1;
    line += 1 + lineText.split(lineContinues).length - 1;
    for (const segment of lineText.split(/\|\||&&|[|;&(){}`]/)) {
      const words = segment.trim().split(/\s+/).filter(Boolean);
      while (
        words.length > 0 &&
        (/^[A-Za-z_]\w*(\[[^\]]*\])?\+?=/.test(words[0]!) || keywords.has(words[0]!))
      )
        words.shift();
      while (words.length > 1 && runners.has(words[0]!)) words.shift();
      const [first, ...args] = words;
      if (!first || notCommands.has(first) || !/^([A-Za-z_][\w.+-]*|\.)$/.test(first)) continue;
      if ((shellBuiltins.has(first) && first !== 'source' && first !== '.') || functions.has(first)) continue;
      found.push({ command: first, line: index + 1, args: args.filter((a) => !/^\d*[<>]/.test(a)) });
    }
  }
  return found;
}

/** Stands, in codeOnly's output, for a line break inside one command (a quoted or escaped one). */
const lineContinues = '\u0000';

/** Blanks heredoc bodies (keeping the line count). */
function stripHeredocs(text: string): string {
  const lines = text.split('\n');
  let end: string | undefined;
  return lines
    .map((line) => {
      if (end !== undefined) {
        if (line.trim() === end) end = undefined;
        return '';
      }
      const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(line);
      if (heredoc) end = heredoc[1];
      return line;
    })
    .join('\n');
}

/**
 * Drops the patterns of case arms (`--parts)`, `a|b)`, `*)`), at the start of a line or, in a
 * one-line case, after its `in` or a `;;`.
 */
function stripCaseArms(text: string): string {
  const word = `(?:"[^"]*"|'[^']*'|[^\\s()'"|;]+)`;
  const arm = `${word}(?:\\s*\\|\\s*${word})*\\)`;
  return text
    .replace(new RegExp(`^(\\s*)${arm}`, 'gm'), '$1;')
    .replace(new RegExp(`(\\bin|;;)(\\s+)${arm}`, 'g'), '$1$2;');
}

/**
 * The text with everything that is not code blanked: quoted strings (except the `$(...)` inside
 * double quotes), comments and `${...}` (except the `$(...)` inside it). Newlines are kept.
 */
function codeOnly(text: string): string {
  const continued = lineContinues;
  type Mode = 'code' | 'sub' | 'dq' | 'sq' | 'param' | 'array';
  const stack: Mode[] = ['code'];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const mode = stack.at(-1)!;
    if (c === '\n') {
      // A line break inside quotes or a `${...}` continues the command: kept for line numbers only.
      out += mode === 'code' || mode === 'sub' ? '\n' : continued;
      continue;
    }
    if (mode === 'sq') {
      if (c === "'") stack.pop();
      out += ' ';
    } else if (mode === 'dq' || mode === 'param' || mode === 'array') {
      // Words, not commands, except the command substitutions among them.
      if (c === '\\') i++;
      else if (text.startsWith('${', i)) {
        // A `${...}` inside quotes may hold quotes of its own (`"${name#"$prefix"}"`).
        stack.push('param');
        i++;
      } else if (text.startsWith('$(', i) && !text.startsWith('$((', i)) {
        stack.push('sub');
        i++;
        out += ';';
      } else if ({ dq: '"', param: '}', array: ')' }[mode] === c) stack.pop();
      else if (mode !== 'dq' && c === '"') stack.push('dq');
      else if (mode === 'array' && c === "'") stack.push('sq');
      out += ' ';
    } else if (c === '\\') {
      // `\` at the end of a line joins the next one to this command.
      i++;
      out += text[i] === '\n' ? continued : ' ';
    } else if (c === "'") {
      stack.push('sq');
      out += ' ';
    } else if (c === '"') {
      stack.push('dq');
      out += ' ';
    } else if (c === '#' && (i === 0 || /[\s;]/.test(text[i - 1]!))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (text.startsWith('${', i)) {
      stack.push('param');
      i++;
      out += ' ';
    } else if (text.startsWith('=(', i)) {
      stack.push('array');
      i++;
      out += '= ';
    } else if (text.startsWith('$((', i) || text.startsWith('((', i)) {
      // Arithmetic: no commands; skip to its closing `))`.
      const close = text.indexOf('))', i);
      i = close < 0 ? text.length : close + 1;
      out += ' ';
    } else if (text.startsWith('$(', i)) {
      stack.push('sub');
      i++;
      out += ';';
    } else if (c === ')' && mode === 'sub') {
      stack.pop();
      out += ';';
    } else if (c === '$') {
      // A variable's value is not a word we can read.
      while (/\w/.test(text[i + 1] ?? '')) i++;
      out += ' ';
    } else out += c;
  }
  return out;
}
