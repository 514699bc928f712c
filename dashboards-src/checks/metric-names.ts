import { recording, sloWindows } from '../../lib/monitoring/index.ts';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { knownSeriesNames } from '../../lib/catalog/index.ts';
import type { Problem } from '../../lib/validation.ts';
import { interpolate } from '../core/interpolate.ts';
import { type GeneratedDashboard, locate, queriesOf } from './model.ts';

/** The catalog's series, the third-party lists and every recording rule name dashboards may read. */
export function knownMetricNames(): Set<string> {
  const names = knownSeriesNames();
  for (const value of Object.values(recording)) {
    if (typeof value === 'string') names.add(value);
    else for (const window of sloWindows) names.add(value(window));
  }
  return names;
}

/** Metric names a PromQL expression selects: `metric{...}` and `{__name__="metric"}`. */
export function metricNamesIn(expr: string): string[] {
  const names: string[] = [];
  const text = interpolate(expr);
  const cursor = promqlParser.parse(text).cursor();
  do {
    const node = cursor.node;
    if (node.type.name === 'Identifier' && node.parent?.type.name === 'VectorSelector') {
      names.push(text.slice(node.from, node.to));
    }
    if (node.type.name === 'UnquotedLabelMatcher' || node.type.name === 'QuotedLabelMatcher') {
      const matcher = text.slice(node.from, node.to);
      const byName = /^__name__\s*=\s*"([^"]+)"$/.exec(matcher);
      if (byName?.[1]) names.push(byName[1]);
    }
  } while (cursor.next());
  return names;
}

/** `label_values(up{job="x"}, instance)` -> the selector inside, for the metric check. */
const labelValuesSelector = (query: unknown): string | undefined => {
  const text = typeof query === 'string' ? query : (query as { query?: unknown } | undefined)?.query;
  if (typeof text !== 'string') return undefined;
  return /^label_values\((.+),\s*\w+\)$/.exec(text.trim())?.[1];
};

/** Every metric a PromQL query (or a Prometheus variable) names is in the catalog or a declared list. */
export function unknownMetricProblems(
  dashboards: readonly GeneratedDashboard[],
  known = knownMetricNames(),
): Problem[] {
  const problems: Problem[] = [];
  for (const dashboard of dashboards) {
    const exprs: Array<{ where: string; expr: string }> = queriesOf(dashboard)
      .filter((q) => q.language === 'promql')
      .map((q) => ({ where: q.where, expr: q.text }));
    for (const variable of dashboard.json.templating?.list ?? []) {
      const selector = labelValuesSelector(variable.query);
      if (selector) exprs.push({ where: `variable $${variable.name}`, expr: selector });
    }
    for (const { where, expr } of exprs) {
      for (const name of new Set(metricNamesIn(expr))) {
        if (known.has(name)) continue;
        problems.push({
          file: dashboard.file,
          where: locate(dashboard.json, where),
          message: `metric \`${name}\` is neither in the catalog (lib/catalog), the third-party lists nor lib/monitoring/recording.ts`,
        });
      }
    }
  }
  return problems;
}
