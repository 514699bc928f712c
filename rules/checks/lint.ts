import { panels, toSeconds } from '../../lib/monitoring/index.ts';
import type { Check, Problem } from '../../lib/validation.ts';
import { serviceLabels } from '../build/types.ts';
import { renderRuleGroups } from '../build/render-rules.ts';
import { counterFunctions, counterSeries, withGuardedDifferencesAsIncrease } from './counters.ts';
import { allAlerts, type RulesModel } from './model.ts';
import { promqlFacts } from './promql-tree.ts';

export const maxRulesPerGroup = 20;
const recordName = /^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/;

/** The alert lint of design.md (the mixtool rules), plus naming of recording rules. */
export const lintCheck = (model: RulesModel): Check => ({
  name: 'rule lint',
  run: async () => {
    const problems: Problem[] = [];
    const counters = counterSeries();
    const seen = new Map<string, string>();
    for (const { file, alert } of allAlerts(model)) {
      const report = (message: string) => problems.push({ file: file.source, where: alert.name, message });
      if (!/^[A-Z][A-Za-z0-9]*$/.test(alert.name) || alert.name.length > 40) {
        report('alert name must be CamelCase and at most 40 characters');
      }
      const other = seen.get(alert.name);
      if (other) report(`alert name already used in ${other}`);
      seen.set(alert.name, file.source);
      if (!/^[A-Z]/.test(alert.summary) || !alert.summary.endsWith('.')) {
        report('summary must start with a capital letter and end with a period');
      }
      if (!['critical', 'warning', 'info'].includes(alert.severity))
        report(`severity ${alert.severity} is not critical|warning|info`);
      if (!(serviceLabels as readonly string[]).includes(alert.service))
        report(`service ${alert.service} is not a known service`);
      const carried = new Set([
        'severity',
        'service',
        ...Object.keys(alert.labels ?? {}),
        ...Object.keys(alert.test.labels),
      ]);
      for (const label of alert.identifiedBy) {
        if (!alert.description.includes(`$labels.${label}`))
          report(`description must be templated with {{ $labels.${label} }}`);
        if (!carried.has(label)) report(`identifiedBy names ${label}, a label the alert does not carry`);
      }
      if (!alert.identifiedBy.length && Object.keys(alert.test.labels).length) {
        report(
          'description names none of the labels that identify the failing thing (identifiedBy is empty)',
        );
      }
      const facts = promqlFacts(alert.expr);
      if (facts.functions.some((f) => f.startsWith('absent')) && toSeconds(alert.for) === 0) {
        report('absent() needs a `for` (a missing series is normal for a scrape or two)');
      }
      const panelIds = Object.values(panels[alert.dashboard.dashboard] ?? {}) as number[];
      if (alert.dashboard.panelId !== undefined && !panelIds.includes(alert.dashboard.panelId)) {
        report(
          `dashboard panel ${alert.dashboard.dashboard}/${alert.dashboard.panelId} is not reserved in lib/monitoring/dashboards.ts`,
        );
      }
    }
    for (const file of model.files) {
      for (const rule of [
        ...file.records.map((r) => ({ name: r.record, expr: r.expr })),
        ...file.alerts.map((a) => ({ name: a.name, expr: a.expr })),
      ]) {
        for (const use of promqlFacts(withGuardedDifferencesAsIncrease(rule.expr)).selectors) {
          if (counters.has(use.name) && !counterFunctions.has(use.rangeFunction ?? '')) {
            problems.push({
              file: file.source,
              where: rule.name,
              message: `counter ${use.name} used outside rate()/irate()/increase()`,
            });
          }
        }
      }
      for (const record of file.records) {
        if (!recordName.test(record.record)) {
          problems.push({
            file: file.source,
            where: record.record,
            message: 'recording rule name must be level:metric:operation',
          });
        }
      }
      for (const group of renderRuleGroups(file, { runbookBaseUrl: '' }).groups) {
        if (group.rules.length > maxRulesPerGroup) {
          problems.push({
            file: file.source,
            where: group.name,
            message: `group has ${group.rules.length} rules, more than ${maxRulesPerGroup}: split it`,
          });
        }
      }
    }
    return problems;
  },
});
