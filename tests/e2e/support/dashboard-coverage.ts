import type { LiveCheckReport, TargetResult } from '../../../dashboards-src/live-check.ts';
import { thirdPartyMetrics } from '../../../lib/catalog/index.ts';

/** Exporters that need a Docker host or are not installed here: their panels cannot have data locally. */
const notRunHere = new Set<string>([
  ...thirdPartyMetrics.node,
  ...thirdPartyMetrics.cadvisor,
  ...thirdPartyMetrics.postgres,
  ...thirdPartyMetrics.redis,
]);

export const needsAbsentExporter = (r: TargetResult) =>
  [...r.query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].some((m) => notRunHere.has(m[0]));

/**
 * Targets empty on a healthy system for a reason outside this suite's files, each with what
 * fixes it. The error-rate drill proves they fill in once a 5xx exists.
 */
export const knownHealthyGaps: ReadonlyArray<{ dashboard: string; panelId: number; reason: string }> = [
  {
    dashboard: 'porttrack-slo',
    panelId: 1,
    reason:
      'slo:sli_error:ratio_rate* divide sum(rate(5xx)) by all requests; with no 5xx series yet the sum is empty, so ' +
      'the SLI is missing instead of 0 until the first error (rules/slo.ts: `(sum(...) or vector(0))`)',
  },
];

const isKnownGap = (r: TargetResult) =>
  knownHealthyGaps.some((g) => g.dashboard === r.dashboard && g.panelId === r.panelId);

/** Drill texts no drill of this suite performs (a day of history, a failing Slack, a container restart). */
const notDrilledHere = [/a day of history/, /Slack receiver answer 500/, /docker service update/];

const describe = (r: TargetResult) => `${r.dashboard}/${r.panelId} ${r.refId}: ${r.query}`;

/** Healthy system: empty targets other than absent exporters and the known gaps. */
export function unexpectedlyEmpty(report: LiveCheckReport): string[] {
  return report.missing.filter((r) => !needsAbsentExporter(r) && !isKnownGap(r)).map(describe);
}

/** During the drills: empty-when-healthy targets and known gaps that the drills should have filled. */
export function stillEmptyDuringDrills(report: LiveCheckReport): string[] {
  return report.results
    .filter((r) => r.status === 'empty' && !needsAbsentExporter(r))
    .filter((r) => !(r.emptyWhenHealthy && notDrilledHere.some((re) => re.test(r.emptyWhenHealthy!.drill))))
    .map(describe);
}
