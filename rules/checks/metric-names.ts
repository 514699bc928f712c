import { knownSeriesNames } from '../../lib/catalog/index.ts';
import type { Check, Problem } from '../../lib/validation.ts';
import { allAlerts, allExpressions, recordedNames, type RulesModel } from './model.ts';
import { promqlFacts, seriesMetricName } from './promql-tree.ts';

/**
 * Every metric a rule or a promtool test input names is in the catalog, a declared
 * third-party list, or a recording rule defined here: a renamed metric fails here, not at 3 a.m.
 */
export const metricNamesCheck = (model: RulesModel): Check => ({
  name: 'metrics exist in the catalog',
  run: async () => {
    const known = new Set([...knownSeriesNames(), ...recordedNames(model)]);
    const problems: Problem[] = [];
    const unknown = (name: string) => !known.has(name);
    for (const { file, rule, expr } of allExpressions(model)) {
      const names = new Set(
        promqlFacts(expr)
          .selectors.map((s) => s.name)
          .filter(unknown),
      );
      for (const name of names) {
        problems.push({
          file: file.source,
          where: rule,
          message: `unknown metric ${name}: not in lib/catalog, the third-party lists or a recording rule`,
        });
      }
    }
    for (const { file, alert } of allAlerts(model)) {
      const inputs = [
        ...alert.test.firing,
        ...(alert.test.healthy ?? []),
        ...(alert.test.alsoFiresOn ?? []).flatMap((o) => o.firing),
      ];
      for (const name of new Set(inputs.map((s) => seriesMetricName(s.series)).filter(unknown))) {
        problems.push({
          file: file.source,
          where: alert.name,
          message: `test input uses unknown metric ${name}`,
        });
      }
    }
    return problems;
  },
});
