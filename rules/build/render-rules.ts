import { type Duration, scaleDuration } from '../../lib/monitoring/index.ts';
import { dump } from 'js-yaml';
import { yamlHeader } from '../../lib/generated.ts';
import { alertAnnotations, alertLabels } from './annotations.ts';
import type { AlertSpec, RuleFileSpec } from './types.ts';

export interface RenderOptions {
  /**
   * A known runbook base (local runs); absent in generated files, whose `runbook_url` reads the
   * deployment's base from Prometheus' external label.
   */
  runbookBaseUrl?: string;
  /** Multiplies every `for:` (end-to-end drills use e.g. 0.05); generated files use 1. */
  forScale?: number;
  /** Replaces `for:` of named alerts (applied after scaling). */
  forOverrides?: Readonly<Record<string, Duration>>;
  /**
   * Lowers the threshold of named alerts, for a live drill that cannot wait for the stack's: the
   * number their expression ends comparing against (`> stack`) becomes `drill`. Rendering fails
   * when the expression does not end comparing against `stack`, so a drill states the stack's
   * number and breaks when it changes. Annotations keep the stack's text (and its threshold).
   */
  thresholdOverrides?: Readonly<Record<string, ThresholdOverride>>;
}

/** The threshold an alert's expression ends comparing against in the stack, and a drill's. */
export interface ThresholdOverride {
  stack: number;
  drill: number;
}

export const ruleFilePath = (domain: string) => `stack/prometheus/rules/${domain}.rules.yml`;

export function effectiveFor(spec: AlertSpec, options: RenderOptions): Duration {
  const override = options.forOverrides?.[spec.name];
  if (override) return override;
  return options.forScale === undefined || options.forScale === 1
    ? spec.for
    : scaleDuration(spec.for, options.forScale);
}

/** The alert's expression, with a drill's threshold where `thresholdOverrides` names it. */
export function effectiveExpr(spec: AlertSpec, options: RenderOptions): string {
  const override = options.thresholdOverrides?.[spec.name];
  if (!override) return spec.expr;
  const ending = /^([\s\S]*\s(?:>|>=|<|<=)\s)([-+.\de]+)$/.exec(spec.expr);
  if (!ending || Number(ending[2]) !== override.stack) {
    throw new Error(
      `${spec.name}: a drill lowers its threshold from ${override.stack}, but its expression does not end comparing against ${override.stack}: ${spec.expr}`,
    );
  }
  return `${ending[1]}${override.drill}`;
}

export function renderRuleGroups(file: RuleFileSpec, options: RenderOptions) {
  const groups: Array<{ name: string; rules: object[] }> = [];
  for (const r of file.records) {
    const name = `${file.domain}.${r.group ?? 'records'}`;
    let group = groups.find((g) => g.name === name);
    if (!group) groups.push((group = { name, rules: [] }));
    group.rules.push({ record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) });
  }
  if (file.alerts.length) {
    groups.push({
      name: `${file.domain}.alerts`,
      rules: file.alerts.map((a) => ({
        alert: a.name,
        expr: effectiveExpr(a, options),
        for: effectiveFor(a, options),
        labels: alertLabels(a),
        annotations: alertAnnotations(a, options.runbookBaseUrl),
      })),
    });
  }
  return { groups };
}

export function renderRuleFile(file: RuleFileSpec, options: RenderOptions): string {
  return yamlHeader(file.source) + dump(renderRuleGroups(file, options), { lineWidth: -1, noRefs: true });
}
