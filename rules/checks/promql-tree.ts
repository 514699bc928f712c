import { parser } from '@prometheus-io/lezer-promql';

export interface SelectorUse {
  /** Metric name of a vector selector (`up`, `foo_total`). */
  name: string;
  /** The function whose range-vector argument the selector is (`rate`, `avg_over_time`), if any. */
  rangeFunction?: string;
}

export interface PromqlFacts {
  /** Offsets of syntax errors. */
  errors: number[];
  selectors: SelectorUse[];
  /** Names of every function called. */
  functions: string[];
}

/** Parses PromQL with lezer-promql and collects what the checks need. Syntax only. */
export function promqlFacts(expr: string): PromqlFacts {
  const facts: PromqlFacts = { errors: [], selectors: [], functions: [] };
  const tree = parser.parse(expr);
  const text = (from: number, to: number) => expr.slice(from, to);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) facts.errors.push(node.from);
      if (node.name === 'FunctionIdentifier') facts.functions.push(text(node.from, node.to));
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (!identifier) return;
      const use: SelectorUse = { name: text(identifier.from, identifier.to) };
      // VectorSelector < MatrixSelector < FunctionCallBody < FunctionCall(FunctionIdentifier, ...)
      const call = node.node.parent?.name === 'MatrixSelector' ? node.node.parent.parent?.parent : undefined;
      const fn = call?.name === 'FunctionCall' ? call.getChild('FunctionIdentifier') : null;
      if (fn) use.rangeFunction = text(fn.from, fn.to);
      facts.selectors.push(use);
    },
  });
  return facts;
}

/** The metric name of a promtool input series such as `up{job="x"}`. */
export const seriesMetricName = (series: string) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(series)?.[0] ?? series;
