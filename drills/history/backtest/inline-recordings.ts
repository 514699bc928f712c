export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

// A metric name (recording rules have colons) with optional `{...}` matchers and an optional range
// after it; not preceded by a name character or a quote, so label values and strings stay alone.
const selector = /(?<![\w:"'])([a-zA-Z_:][\w:]*)(\s*\{([^}]*)\})?(\s*\[([^\]]*)\])?/g;
const equality = /^\s*([a-zA-Z_]\w*)\s*=\s*"([^"]*)"\s*$/;

/**
 * Replaces every reference to a recording rule in `expr` by the rule's own expression
 * (recursively), with the rule's static labels set by `label_replace`, so Prometheus can evaluate
 * an alert over a history in which no recording was ever written. A reference selects the rules
 * of that name whose static labels its `label="value"` matchers name (several are joined by `or`).
 * A range over a recording (`sum_over_time(rec[1d])`) becomes a subquery evaluating the rule's
 * expression every `evaluationS` (the grid its group would run on), given one. A subquery over a
 * recording (`sum_over_time(rec[1d:5m])`, the SLO tiles) keeps its range and step, with the rule's
 * expression evaluated at each step: Prometheus reads the recording's last evaluation at or before
 * the step instead, a fixed part of the evaluation interval earlier at every step.
 * Refuses what it cannot inline faithfully: other matchers, matchers on labels the rules do not
 * set, a range over a recording without `evaluationS`, a reference that selects no rule.
 */
export function inlineRecordings(
  expr: string,
  rules: readonly RecordingRule[],
  options: { evaluationS?: number } = {},
  depth = 0,
): string {
  if (depth > 10) throw new Error(`recording rules nest more than 10 deep (a cycle?) in ${expr}`);
  const names = new Set(rules.map((r) => r.record));
  return expr.replace(
    selector,
    (
      whole: string,
      name: string,
      _braces: unknown,
      matchers: string | undefined,
      rangeBrackets: string | undefined,
      range: string | undefined,
    ): string => {
      if (!names.has(name)) return whole;
      const subquery = range?.includes(':') ?? false;
      if (rangeBrackets && !subquery && !options.evaluationS)
        throw new Error(`cannot inline a range over the recording ${name} in ${expr}`);
      const wanted = (matchers ?? '')
        .split(',')
        .filter((m) => m.trim() !== '')
        .map((m) => {
          const match = equality.exec(m);
          if (!match)
            throw new Error(
              `cannot inline ${name}: only label="value" matchers are supported, got ${m.trim()}`,
            );
          return [match[1] ?? '', match[2] ?? ''] as const;
        });
      const chosen = rules.filter((r) => {
        if (r.record !== name) return false;
        for (const [label, value] of wanted) {
          if (r.labels?.[label] === undefined)
            throw new Error(
              `cannot inline ${name}: the matcher on ${label} is not a static label of the rule`,
            );
          if (r.labels[label] !== value) return false;
        }
        return true;
      });
      if (chosen.length === 0) throw new Error(`${whole.trim()} selects no recording rule`);
      const inlined = chosen.map((r) =>
        Object.entries(r.labels ?? {}).reduce(
          (inner, [label, value]) => `label_replace(${inner}, "${label}", "${value}", "", "")`,
          `(${inlineRecordings(r.expr, rules, options, depth + 1)})`,
        ),
      );
      const reference = inlined.length === 1 ? (inlined[0] ?? '') : `(${inlined.join(' or ')})`;
      if (!rangeBrackets) return reference;
      return subquery
        ? `(${reference})[${range?.trim()}]`
        : `(${reference})[${range?.trim()}:${options.evaluationS}s]`;
    },
  );
}
