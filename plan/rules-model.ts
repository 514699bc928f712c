import type { Snapshot } from './planned-files.ts';
import { parseYaml } from './yaml.ts';

/** An alerting rule as a reviewer reads it. */
export interface Alert {
  name: string;
  /** The rule file's stem, e.g. `api`. */
  domain: string;
  expr: string;
  for: string;
  severity: string;
  /** Every label but severity, keys sorted. */
  labels: Record<string, string>;
  summary: string;
  description: string;
  runbook: string;
  /** Any other annotation (the dashboard link), as `k=v`. */
  other: string;
}

export interface RecordingRule {
  /** `record{labels}`: the same record name serves several SLOs, told apart by labels. */
  key: string;
  domain: string;
  expr: string;
}

interface RawRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const ruleFile = /^stack\/prometheus\/rules\/(.+)\.rules\.yml$/;
const sorted = (map: Record<string, string> = {}, skip: readonly string[] = []) =>
  Object.fromEntries(
    Object.entries(map)
      .filter(([k]) => !skip.includes(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
/** `k=v, k=v`, sorted by label name. */
export const pairs = (map: Record<string, string> = {}) =>
  Object.entries(sorted(map))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

export interface RuleSet {
  alerts: Map<string, Alert>;
  records: Map<string, RecordingRule>;
}

export function readRules(snapshot: Snapshot): RuleSet {
  const alerts = new Map<string, Alert>();
  const records = new Map<string, RecordingRule>();
  for (const [path, text] of [...snapshot].sort(([a], [b]) => a.localeCompare(b))) {
    const domain = ruleFile.exec(path)?.[1];
    if (!domain) continue;
    const { groups = [] } = parseYaml(text) as { groups?: Array<{ rules?: RawRule[] }> };
    for (const rule of groups.flatMap((g) => g.rules ?? [])) {
      if (rule.record) {
        const labels = pairs(rule.labels);
        const key = labels ? `${rule.record}{${labels}}` : rule.record;
        records.set(key, { key, domain, expr: rule.expr });
      } else if (rule.alert) {
        const { summary = '', description = '', runbook_url = '', ...other } = rule.annotations ?? {};
        alerts.set(rule.alert, {
          name: rule.alert,
          domain,
          expr: rule.expr,
          for: rule.for ?? '0s',
          severity: rule.labels?.severity ?? '',
          labels: sorted(rule.labels, ['severity']),
          summary,
          description,
          runbook: runbook_url,
          other: pairs(other),
        });
      }
    }
  }
  return { alerts, records };
}

/** The labels Alertmanager sees on an alert before its expression adds any: alertname and the rule's own. */
export function alertLabels(alert: Alert): Record<string, string> {
  return { alertname: alert.name, severity: alert.severity, ...alert.labels };
}
