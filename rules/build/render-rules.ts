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
}

export const ruleFilePath = (domain: string) => `stack/prometheus/rules/${domain}.rules.yml`;

export function effectiveFor(spec: AlertSpec, options: RenderOptions): Duration {
  const override = options.forOverrides?.[spec.name];
  if (override) return override;
  return options.forScale === undefined || options.forScale === 1
    ? spec.for
    : scaleDuration(spec.for, options.forScale);
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
        expr: a.expr,
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
