import { queriesOf } from './checks/model.ts';
import { allDashboards } from './dashboards/index.ts';
import type { LiveCheckReport, TargetResult } from './live-check.ts';
import { thirdPartyMetrics, type ThirdPartySource } from '../lib/catalog/third-party.ts';

/** The only exporter the e2e stack lacks: cAdvisor needs a Docker host. */
export const absentOnE2e: readonly ThirdPartySource[] = ['cadvisor'];

const readsMetricsOf = (query: string, sources: readonly ThirdPartySource[]) => {
  const names = new Set<string>(sources.flatMap((source) => thirdPartyMetrics[source]));
  return [...query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].some((m) => names.has(m[0]));
};
const needsAbsentExporter = (r: TargetResult, absent: readonly ThirdPartySource[]) =>
  readsMetricsOf(r.query, absent);

/**
 * Every dashboard query that cannot return data on the e2e stack, by name, with what it needs:
 * cAdvisor (PromQL on container_* metrics: needs a Docker host), Loki (LogQL) or Grafana (SQL
 * that Grafana's PostgreSQL data source runs; dashboards-src/panels/sql-panels.test.ts runs them
 * against PostgreSQL). Everything else must return data.
 */
export function queriesNeedingAbsentParts(): string[] {
  const needs = { promql: 'cAdvisor', logql: 'Loki', sql: 'Grafana' } as const;
  return allDashboards
    .flatMap((definition) => {
      const json = definition.build();
      return queriesOf({ file: definition.file, json })
        .filter((q) => q.language !== 'promql' || readsMetricsOf(q.text, ['cadvisor']))
        .map((q) => `${json.uid} ${q.where}: needs ${needs[q.language]}`);
    })
    .sort();
}

/**
 * Targets empty on a healthy system for a reason outside this suite's files, each with what
 * fixes it. The error-rate drill proves they fill in once a 5xx exists.
 */
export const knownHealthyGaps: ReadonlyArray<{ dashboard: string; panelId: number; reason: string }> = [];

const isKnownGap = (r: TargetResult) =>
  knownHealthyGaps.some((g) => g.dashboard === r.dashboard && g.panelId === r.panelId);

/**
 * Drill texts no drill of this suite performs (a day of history, a failing Slack, a container
 * restart, a TLS endpoint, the Swarm stack's backup service and streaming standby: the e2e
 * stack has none).
 */
const notDrilledHere = [
  /a day of history/,
  /Slack receiver answer 500/,
  /docker service update/,
  /a probe over HTTPS/,
  /^the Swarm stack: /,
];

const describe = (r: TargetResult) => `${r.dashboard}/${r.panelId} ${r.refId}: ${r.query}`;

/** Healthy system: empty targets other than absent exporters and the known gaps. */
export function unexpectedlyEmpty(report: LiveCheckReport, absent: readonly ThirdPartySource[]): string[] {
  return report.missing.filter((r) => !needsAbsentExporter(r, absent) && !isKnownGap(r)).map(describe);
}

/** During the drills: empty-when-healthy targets and known gaps that the drills should have filled. */
export function stillEmptyDuringDrills(
  report: LiveCheckReport,
  absent: readonly ThirdPartySource[],
): string[] {
  return report.results
    .filter((r) => r.status === 'empty' && !needsAbsentExporter(r, absent))
    .filter((r) => !(r.emptyWhenHealthy && notDrilledHere.some((re) => re.test(r.emptyWhenHealthy!.drill))))
    .map(describe);
}
