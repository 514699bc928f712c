import type { LiveCheckReport, TargetResult } from '../../../dashboards-src/live-check.ts';
import { thirdPartyMetrics, type ThirdPartySource } from '../../../lib/catalog/third-party.ts';

/**
 * Exporters not running here: cAdvisor needs a Docker host; node-, postgres- and redis-exporter
 * run where their Debian packages are installed. Their panels cannot have data locally.
 */
export function absentExporters(running: ReadonlySet<string>): ThirdPartySource[] {
  return (['node', 'cadvisor', 'postgres', 'redis'] as const).filter((source) => !running.has(source));
}

const needsAbsentExporter = (r: TargetResult, absent: readonly ThirdPartySource[]) => {
  const names = new Set<string>(absent.flatMap((source) => thirdPartyMetrics[source]));
  return [...r.query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].some((m) => names.has(m[0]));
};

/**
 * Targets empty on a healthy system for a reason outside this suite's files, each with what
 * fixes it. The error-rate drill proves they fill in once a 5xx exists.
 */
export const knownHealthyGaps: ReadonlyArray<{ dashboard: string; panelId: number; reason: string }> = [];

const isKnownGap = (r: TargetResult) =>
  knownHealthyGaps.some((g) => g.dashboard === r.dashboard && g.panelId === r.panelId);

/** Drill texts no drill of this suite performs (a day of history, a failing Slack, a container restart). */
const notDrilledHere = [/a day of history/, /Slack receiver answer 500/, /docker service update/];

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
