import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { Problem } from '../../lib/validation.ts';
import { interpolate } from '../core/interpolate.ts';
import { type DashboardQuery, type GeneratedDashboard, locate, queriesOf } from './model.ts';

type Parser = typeof promqlParser | typeof logqlParser;

/** Offset of the first syntax error, or undefined. The parsers never throw; they mark error nodes. */
export function firstSyntaxError(parser: Parser, text: string): number | undefined {
  let at: number | undefined;
  parser.parse(text).iterate({
    enter(node) {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  return at;
}

const parsers = { promql: promqlParser, logql: logqlParser } as const;

function syntaxProblem(query: DashboardQuery): Problem | undefined {
  if (query.language === 'sql') return undefined;
  const expanded = interpolate(query.text);
  const at = firstSyntaxError(parsers[query.language], expanded);
  if (at === undefined) return undefined;
  const near = expanded.slice(Math.max(0, at - 20), at + 20);
  return {
    file: query.dashboard.file,
    where: locate(query.dashboard.json, query.where),
    message: `${query.language === 'promql' ? 'PromQL' : 'LogQL'} does not parse at offset ${at} (near \`${near}\`): ${query.text}`,
  };
}

/** Every PromQL and LogQL query parses, after Grafana's variables are expanded. */
export function querySyntaxProblems(dashboards: readonly GeneratedDashboard[]): Problem[] {
  return dashboards.flatMap((d) => queriesOf(d).flatMap((q) => syntaxProblem(q) ?? []));
}
