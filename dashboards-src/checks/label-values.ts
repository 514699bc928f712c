import { catalogSeries, checkLabelContract } from '../../lib/catalog/label-contract.ts';
import type { Problem } from '../../lib/validation.ts';
import { interpolate } from '../core/interpolate.ts';
import { type GeneratedDashboard, locate, promqlQueriesOf } from './model.ts';

/**
 * Every label matcher of every panel, annotation and variable, after Grafana's variables are
 * expanded (to `.*`), checked against the values the catalog declares.
 */
export function dashboardLabelValues(dashboards: readonly GeneratedDashboard[]): {
  checked: number;
  problems: Problem[];
} {
  const series = catalogSeries();
  let checked = 0;
  const problems: Problem[] = [];
  for (const dashboard of dashboards) {
    for (const { where, expr } of promqlQueriesOf(dashboard)) {
      const result = checkLabelContract(interpolate(expr), series);
      checked += result.checked;
      for (const message of result.problems)
        problems.push({ file: dashboard.file, where: locate(dashboard.json, where), message });
    }
  }
  return { checked, problems };
}
