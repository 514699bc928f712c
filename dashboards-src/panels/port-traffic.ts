import { exporters } from '../../lib/catalog/index.ts';
import { increaseOf, jobMatcher, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { barGauge, stat, timeseries } from './kinds.ts';

/** Vessel traffic in the port, from the exporters service (SQL aggregates of the API's database). */
const exp = jobMatcher('exporters');
const series = (metric: { name: string }, ...matchers: string[]) => selector(metric.name, exp, ...matchers);

export function vesselsByStatusTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Vessels in port by status',
      description: 'Vessels with an open port call: expected, at anchorage, berthed.',
      unit: 'short',
      stacked: true,
      targets: [promTarget(0, sumBy(['status'], series(exporters.vesselsInPort)), { legend: '{{status}}' })],
    }),
    size,
  );
}

export function vesselsByTypeBarGauge(size: PanelSize = {}): PanelSpec {
  return spec(
    barGauge({
      title: 'Vessels in port by type',
      description: 'Vessels with an open port call, by vessel type, now.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['type'], series(exporters.vesselsInPort)), {
          legend: '{{type}}',
          instant: true,
        }),
      ],
    }),
    size,
  );
}

export function arrivalsDeparturesTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Arrivals and departures per day',
      description: 'Port calls reaching anchorage and vessels leaving, per day.',
      unit: 'short',
      bars: true,
      interval: '1d',
      targets: [
        promTarget(0, sumBy([], increaseOf('$__interval', exporters.arrivals.name, exp)), {
          legend: 'arrivals',
        }),
        promTarget(1, sumBy([], increaseOf('$__interval', exporters.departures.name, exp)), {
          legend: 'departures',
        }),
      ],
    }),
    size,
  );
}

export function anchorageTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Anchorage queue and waiting time',
      description: 'Vessels waiting at anchorage, and the longest current wait (right axis).',
      unit: 'short',
      targets: [
        promTarget(0, sumBy([], series(exporters.anchorageQueueLength)), { legend: 'vessels waiting' }),
        promTarget(1, `max(${series(exporters.anchorageLongestWait)})`, { legend: 'longest wait' }),
      ],
    }).overrideByQuery('B', [
      { id: 'unit', value: 's' },
      { id: 'custom.axisPlacement', value: 'right' },
    ]),
    size,
  );
}

export function berthOccupancyTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Berth occupancy',
      description: 'Share of berths with a vessel alongside, and which berths are occupied (1) now.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      targets: [promTarget(0, `max(${series(exporters.berthOccupancyRatio)})`, { legend: 'occupied share' })],
    }),
    size,
  );
}

export function berthsOccupiedBarGauge(size: PanelSize = {}): PanelSpec {
  return spec(
    barGauge({
      title: 'Berths occupied now',
      description: '1 when a vessel is berthed, 0 when the berth is free.',
      unit: 'short',
      min: 0,
      max: 1,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 1, color: 'orange' },
      ],
      targets: [
        promTarget(0, `max by (berth) (${series(exporters.berthOccupied)})`, {
          legend: '{{berth}}',
          instant: true,
        }),
      ],
    }),
    size,
  );
}

export function aisFreshnessStat(size: PanelSize = {}): PanelSpec {
  return spec(
    stat({
      title: 'AIS freshness',
      description: 'Age of the newest position received, and vessels in port whose position is stale.',
      unit: 's',
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 300, color: 'orange' },
        { from: 900, color: 'red' },
      ],
      targets: [
        promTarget(0, `max(${series(exporters.newestPositionAge)})`, { legend: 'newest position age' }),
        promTarget(1, sumBy([], series(exporters.vesselsStalePosition)), { legend: 'stale vessels' }),
      ],
    }).overrideByQuery('B', [{ id: 'unit', value: 'short' }]),
    size,
  );
}

export function routesTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Entry and exit routes',
      description: 'Vessels scheduled per route; a route drawn at 0 on the right axis is closed.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['route'], series(exporters.routeScheduledVessels)), {
          legend: 'scheduled {{route}}',
        }),
        promTarget(1, `max by (route) (${series(exporters.routeOpen)})`, { legend: 'open {{route}}' }),
      ],
    }).overrideByQuery('B', [
      { id: 'custom.axisPlacement', value: 'right' },
      { id: 'custom.drawStyle', value: 'line' },
      { id: 'max', value: 1 },
    ]),
    size,
  );
}
