import { recording, sloWindows } from '../../lib/monitoring/index.ts';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { knownSeriesNames } from '../../lib/catalog/index.ts';
import type { Problem } from '../../lib/validation.ts';
import { interpolate } from '../core/interpolate.ts';
import { type GeneratedDashboard, locate, promqlQueriesOf } from './model.ts';

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

/** Every metric a PromQL query (or a Prometheus variable) names is in the catalog or a declared list. */
export function unknownMetricProblems(
  dashboards: readonly GeneratedDashboard[],
  known = knownMetricNames(),
): Problem[] {
  const problems: Problem[] = [];
  for (const dashboard of dashboards) {
    for (const { where, expr } of promqlQueriesOf(dashboard)) {
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
