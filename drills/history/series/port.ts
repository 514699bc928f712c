import { berthSites, routeSites } from '../../../api/seed/port-geography.ts';
import { exporters as e } from '../../../lib/catalog/exporters.ts';
import { cargoCategories, staffRoles, vesselTypes } from '../../../lib/domain/vocabulary.ts';
import type { Moment } from '../moment.ts';
import { counter, gauge, type Series } from './define.ts';

/** The exporters' business metrics: vessel traffic, berths, routes, AIS, cargo and staffing. */
const instance = '10.0.1.21:9464';
const g = (name: string, labels: Record<string, string>, value: (m: Moment) => number) =>
  gauge(name, 'exporters', instance, labels, value);
const c = (name: string, labels: Record<string, string>, rate: (m: Moment) => number) =>
  counter(name, 'exporters', instance, labels, rate);

/** Share of the fleet by vessel type (containers and bulk dominate a busy port). */
const typeShare = [0.3, 0.2, 0.15, 0.1, 0.08, 0.1, 0.04, 0.03];
const cargoUnit = (category: string) =>
  category === 'containers'
    ? 'teu'
    : category === 'vehicles' || category === 'passengers'
      ? 'units'
      : 'tonnes';
const collectors = ['vessels', 'berths', 'routes', 'ais', 'cargo', 'staff'];

export function portSeries(): Series[] {
  return [
    ...vesselTypes.flatMap((type, i) =>
      (['expected', 'at_anchorage', 'berthed'] as const).map((status) =>
        g(e.vesselsInPort.name, { status, type }, (m) => {
          const part = status === 'berthed' ? 0.55 : status === 'at_anchorage' ? 0.15 : 0.3;
          return Math.round(m.vesselsInPort * (typeShare[i] ?? 0) * part);
        }),
      ),
    ),
    g(e.anchorageQueueLength.name, {}, (m) => m.anchorageQueue),
    g(e.anchorageLongestWait.name, {}, (m) => (m.anchorageQueue > 0 ? m.anchorageLongestWaitS : 0)),
    ...vesselTypes.flatMap((type, i) => [
      c(e.arrivals.name, { type }, (m) => m.arrivalRate * (typeShare[i] ?? 0)),
      c(e.departures.name, { type }, (m) => m.arrivalRate * (typeShare[i] ?? 0)),
    ]),
    ...berthSites.map((b, i) =>
      g(e.berthOccupied.name, { berth: b.code }, (m) => (i / berthSites.length < m.berthOccupancy ? 1 : 0)),
    ),
    g(e.berthOccupancyRatio.name, {}, (m) => m.berthOccupancy),
    ...routeSites.flatMap((r) => [
      g(e.routeOpen.name, { route: r.code }, () => 1),
      g(e.routeScheduledVessels.name, { route: r.code }, (m) => Math.round(m.vesselsInPort / 20)),
    ]),
    g(e.turnaroundAverage.name, {}, (m) => 30 * 3600 + 4 * 3600 * m.jitter(7)),
    g(e.newestPositionAge.name, {}, (m) => m.newestPositionAgeS),
    g(e.vesselsStalePosition.name, {}, (m) => (m.positionRate === 0 ? Math.round(m.vesselsInPort) : 0)),
    ...cargoCategories.flatMap((category) => [
      ...(['planned', 'in_progress', 'stalled'] as const).map((status) =>
        g(e.cargoOperations.name, { status, category }, (m) =>
          status === 'stalled'
            ? category === 'containers'
              ? m.cargoStalled
              : 0
            : Math.round((m.cargoInProgress / cargoCategories.length) * (status === 'planned' ? 1.5 : 1)),
        ),
      ),
      c(e.cargoThroughput.name, { category, unit: cargoUnit(category) }, (m) => m.cargoCompletionRate * 400),
      g(e.cargoQueued.name, { category, unit: cargoUnit(category) }, (m) => m.cargoInProgress * 600),
    ]),
    g(e.cargoStalled.name, {}, (m) => m.cargoStalled),
    g(e.cargoStalledOldestAge.name, {}, (m) => m.cargoStalledOldestAgeS),
    ...staffRoles.flatMap((role) => [
      g(e.staffOnShift.name, { role }, (m) => m.required[role] - (m.shortRole === role ? 1 : 0)),
      g(e.staffRequired.name, { role }, (m) => m.required[role]),
      g(e.staffAssigned.name, { role }, (m) => Math.round(m.required[role] * (0.5 + 0.4 * m.load))),
      g(
        e.staffCoverage.name,
        { role },
        (m) => (m.required[role] - (m.shortRole === role ? 1 : 0)) / m.required[role],
      ),
      g(e.staffOvertime.name, { role }, (m) => 3600 * (2 + m.jitter(11))),
    ]),
    g(e.operationsUnstaffed.name, {}, () => 0),
    ...collectors.flatMap((collector, i) => [
      g(e.refreshDuration.name, { collector }, (m) => 0.02 + 0.01 * Math.abs(m.jitter(20 + i))),
      g(e.lastRefreshSuccess.name, { collector }, (m) => m.t - 5),
      c(e.refreshErrors.name, { collector }, () => 0),
      c(e.rowsScanned.name, { collector }, (m) => ((collector === 'ais' ? 80 : 5) * m.vesselsInPort) / 15),
    ]),
    g(e.databaseUp.name, {}, () => 1),
  ];
}
