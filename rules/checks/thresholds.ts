import { parser } from '@prometheus-io/lezer-promql';

export type ThresholdOp = '>' | '>=' | '<' | '<=';

/** A numeric threshold of an alert: `<lhs> <op> <value>` at the expression's top level. */
export interface Threshold {
  op: ThresholdOp;
  value: number;
  /** The compared expression, e.g. `sum(rate(errors[5m])) / sum(rate(requests[5m]))`. */
  lhs: string;
  /** Where the number literal sits in the expression, to replace it. */
  from: number;
  to: number;
}

const ops: Record<string, ThresholdOp> = { Gtr: '>', Gte: '>=', Lss: '<', Lte: '<=' };
// Nodes a threshold may sit under and still decide whether the alert fires: set operators
// (`and`, `or`, `unless`) and parentheses. A comparison inside arithmetic or a function call is a
// filter (e.g. `/ (limit > 0)`), not the alert's threshold.
const setOps = new Set(['And', 'Or', 'Unless']);

/**
 * The alert's thresholds: comparisons `expr > 0.9` (also `>=`, `<`, `<=`) whose right side is a
 * number literal and that are combined only by `and`/`or`/`unless`. `== 0` on a 0/1 gauge and
 * comparisons between two series (`on_shift < required`) are not thresholds.
 */
export function findThresholds(expr: string): Threshold[] {
  const found: Threshold[] = [];
  const visit = (node: ReturnType<typeof parser.parse>['topNode'] | null): void => {
    if (!node) return;
    if (node.name === 'PromQL' || node.name === 'ParenExpr') {
      for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
      return;
    }
    if (node.name !== 'BinaryExpr') return;
    const children: { name: string; from: number; to: number }[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    const opIndex = children.findIndex((c) => c.name in ops || setOps.has(c.name));
    const op = children[opIndex];
    if (!op) return;
    if (setOps.has(op.name)) {
      for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
      return;
    }
    const lhs = children[0];
    const rhs = children.at(-1);
    if (!lhs || rhs?.name !== 'NumberDurationLiteral' || opIndex === children.length - 1) return;
    // `> bool` turns a filter into 0/1 values: not a threshold.
    if (children.some((c) => c.name === 'BoolModifier')) return;
    const value = Number(expr.slice(rhs.from, rhs.to));
    if (!Number.isFinite(value)) return;
    found.push({
      op: ops[op.name] as ThresholdOp,
      value,
      lhs: expr.slice(lhs.from, lhs.to),
      from: rhs.from,
      to: rhs.to,
    });
  };
  visit(parser.parse(expr).topNode);
  return found;
}

/** `expr` with one threshold's number replaced. */
export const withThreshold = (expr: string, t: Threshold, value: number) =>
  `${expr.slice(0, t.from)}${formatThreshold(value)}${expr.slice(t.to)}`;

/** A number as PromQL reads it back exactly (no exponent surprises for tiny or huge values). */
export const formatThreshold = (value: number) => String(value);
