import { parser } from '@prometheus-io/lezer-promql';

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher of one vector selector: `status_code=~"5.."` in `foo{status_code=~"5.."}`. */
export interface LabelMatcherUse {
  /** The selector's metric name (`foo`, or the value of `__name__="foo"`); '' when it has none. */
  metric: string;
  label: string;
  op: MatchOp;
  /** The value, unquoted. */
  value: string;
}

/** `"a\"b"`, `'a'` or `` `a` `` as PromQL reads it. */
function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  if (quote === "'") return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
  return JSON.parse(literal) as string;
}

/** Every label matcher of every vector selector of a PromQL expression (lezer-promql; syntax only). */
export function labelMatchersIn(expr: string): LabelMatcherUse[] {
  const uses: LabelMatcherUse[] = [];
  const text = (node: { from: number; to: number }) => expr.slice(node.from, node.to);
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const matchers: Omit<LabelMatcherUse, 'metric'>[] = [];
      for (let m = node.node.getChild('LabelMatchers')?.firstChild; m; m = m.nextSibling) {
        if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
        const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
        const op = m.getChild('MatchOp');
        const value = m.getChild('StringLiteral');
        if (!name || !op || !value) continue;
        const label = name.name === 'LabelName' ? text(name) : unquote(text(name));
        matchers.push({ label, op: text(op) as MatchOp, value: unquote(text(value)) });
      }
      const identifier = node.node.getChild('Identifier');
      const byName = matchers.find((m) => m.label === '__name__' && m.op === '=');
      const metric = identifier ? text(identifier) : (byName?.value ?? '');
      for (const matcher of matchers) if (matcher.label !== '__name__') uses.push({ metric, ...matcher });
    },
  });
  return uses;
}
