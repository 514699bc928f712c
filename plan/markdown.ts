/** Markdown pieces of a plan: code spans safe inside table cells, tables, and long values focused on what changed. */

/** An inline code span that survives a table cell (pipes escaped, backticks fenced). */
export function code(value: string): string {
  const text = value.replace(/\n/g, ' ').replace(/\|/g, '\\|');
  const fence = text.includes('`') ? '``' : '`';
  return text === ''
    ? '(empty)'
    : `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** Values longer than this are shown around what changed, not whole. */
const longValue = 60;
/** Characters of unchanged context kept either side of the change. */
const context = 24;

/**
 * Two versions of a long value (a PromQL expression, a description) cut down to the part that
 * differs plus a little context, with `…` where text was left out, so that `> 2` becoming `> 3`
 * at the end of a 200-character expression reads as such.
 */
export function focus(before: string, after: string): [string, string] {
  if (before.length <= longValue && after.length <= longValue) return [before, after];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  // Cut at a space, comma or bracket where one is near, so that no name is split.
  const space = (text: string, at: number, step: number) => {
    for (let i = at, n = 0; i > 0 && i < text.length && n < 12; i += step, n++)
      if (' ,({'.includes(text[i]!)) return step < 0 ? i + 1 : i;
    return at;
  };
  const from = Math.max(0, space(before, start - context, -1));
  const cut = (text: string) => {
    const to = Math.min(text.length, space(text, text.length - end + context, 1));
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  return [cut(before), cut(after)];
}

/** A value too long for a table cell, shortened at the end. */
export const shorten = (text: string, max = 90): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** `a, b and c` (or `a, b or c`). */
export const words = (items: readonly string[], conjunction = 'and'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;

/** Names as code spans, `` `a`, `b` and `c` ``. */
export const names = (items: readonly string[], conjunction = 'and'): string =>
  words(items.map(code), conjunction);
