/** A fenced code block of a Markdown file, with the line its body starts on. */
export interface CodeBlock {
  lang: string;
  body: string;
  line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; lang: string; line: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const fence = /^\s*(```+|~~~+)\s*([\w-]*)/.exec(text);
    if (!open && fence) open = { fence: fence[1]!, lang: fence[2]!.toLowerCase(), line: i + 2, body: [] };
    else if (open && text.trim().startsWith(open.fence)) {
      blocks.push({ lang: open.lang, body: open.body.join('\n'), line: open.line });
      open = undefined;
    } else if (open) open.body.push(text);
  });
  return blocks;
}

/** Relative link targets outside code: `[text](target)` and `[ref]: target`, with their lines. */
export function relativeLinks(markdown: string): Array<{ target: string; line: number }> {
  const links: Array<{ target: string; line: number }> = [];
  let inCode = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) inCode = !inCode;
    if (inCode) return;
    const prose = text.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)/g)) {
      const target = (m[1] ?? m[2])!;
      if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target)) continue; // URLs, mailto:, in-page anchors
      links.push({ target, line: i + 1 });
    }
  });
  return links;
}

/** The commands of a shell block: one per line (continuations joined), prompts and comments dropped. */
export function shellCommands(body: string): string[] {
  const joined = body.replace(/\\\n/g, ' ');
  const commands: string[] = [];
  let heredoc: string | undefined;
  for (const raw of joined.split('\n')) {
    if (heredoc) {
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const line = raw
      .replace(/^\s*\$\s+/, '') // a `$ ` prompt; `#` starts a comment
      .replace(/\s+#\s.*$/, '')
      .trim();
    if (!line || line.startsWith('#')) continue;
    const here = /<<-?\s*['"]?(\w+)['"]?/.exec(line);
    if (here) heredoc = here[1];
    commands.push(line);
  }
  return commands;
}
