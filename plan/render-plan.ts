import { readDashboards } from './dashboard-model.ts';
import { dashboardsSection } from './dashboard-section.ts';
import type { Snapshot } from './planned-files.ts';
import { prometheusSection, readPrometheus } from './prometheus-section.ts';
import { readCases } from './promtool-cases.ts';
import { readRules } from './rules-model.ts';
import { alertsSection, plainRecords, recordsSection, sloRecords } from './rules-section.ts';
import { readRouting, routingSection } from './routing-section.ts';

/**
 * The plan of a change: what the generated output of `after` does differently from that of
 * `before`, section by section, in Markdown. Sections without a change are left out.
 */
export function renderPlan(before: Snapshot, after: Snapshot, baseLabel: string): string {
  const rulesBefore = readRules(before);
  const rulesAfter = readRules(after);
  const sections = [
    ...alertsSection(rulesBefore, rulesAfter, readCases(before), readCases(after)),
    ...recordsSection('Recording rules', plainRecords(rulesBefore), plainRecords(rulesAfter)),
    ...recordsSection('SLOs', sloRecords(rulesBefore), sloRecords(rulesAfter)),
    ...routingSection(readRouting(before), readRouting(after), rulesBefore.alerts, rulesAfter.alerts),
    ...dashboardsSection(readDashboards(before), readDashboards(after)),
    ...prometheusSection(readPrometheus(before), readPrometheus(after)),
  ];
  const head = `## Plan against ${baseLabel}`;
  if (!sections.length)
    return `${head}\n\nNo change to alerts, recording rules, SLOs, routing, dashboards or Prometheus settings.\n`;
  return `${[head, '', ...sections].join('\n').trimEnd()}\n`;
}
