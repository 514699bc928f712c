// Mermaid's own parser, headless: mermaid 11 (12 needs Node 22) parses flowcharts only where
// DOMPurify finds a window, so a jsdom window is made once, before mermaid is first loaded.
type Mermaid = { parse(text: string): Promise<unknown> };
let loading: Promise<Mermaid> | undefined;

async function load(): Promise<Mermaid> {
  const { JSDOM } = await import('jsdom');
  const { window } = new JSDOM('');
  const g = globalThis as Record<string, unknown>;
  g.window ??= window;
  g.document ??= window.document;
  const mermaid = (await import('mermaid')).default as unknown as Mermaid;
  return mermaid;
}

/** Mermaid's parse error for a diagram, or undefined when it parses. */
export async function mermaidError(diagram: string): Promise<string | undefined> {
  loading ??= load();
  const mermaid = await loading;
  try {
    await mermaid.parse(diagram);
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n').slice(0, 3).join(' ');
  }
}
