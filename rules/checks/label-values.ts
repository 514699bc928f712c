import { catalogSeries, checkLabelContract } from '../../lib/catalog/label-contract.ts';
import type { Check, Problem } from '../../lib/validation.ts';
import { allExpressions, type RulesModel } from './model.ts';

/** Every label matcher of every rule, checked against the values the catalog declares. */
export function ruleLabelValues(model: RulesModel): { checked: number; problems: Problem[] } {
  const series = catalogSeries();
  let checked = 0;
  const problems: Problem[] = [];
  for (const { file, rule, expr } of allExpressions(model)) {
    const result = checkLabelContract(expr, series);
    checked += result.checked;
    for (const message of result.problems) problems.push({ file: file.source, where: rule, message });
  }
  return { checked, problems };
}

/**
 * Label values are part of the contract: a rule selecting `role="crane_operater"` or
 * `job="api"` would match nothing and never fire. Add the value to lib/catalog first.
 */
export const labelValuesCheck = (model: RulesModel): Check => ({
  name: 'label values are declared in the catalog',
  run: async () => ruleLabelValues(model).problems,
});
