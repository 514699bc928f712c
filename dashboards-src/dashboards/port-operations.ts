import { panels } from '../../lib/monitoring/index.ts';
import { defineDashboard } from '../core/definition.ts';
import { row } from '../core/panel-spec.ts';
import { cargoPendingTimeseries, cargoThroughputTimeseries } from '../panels/cargo.ts';
import { peakHoursHeatmap } from '../panels/peak-hours.ts';
import {
  aisFreshnessStat,
  anchorageTimeseries,
  arrivalsDeparturesTimeseries,
  berthOccupancyTimeseries,
  berthsOccupiedBarGauge,
  routesTimeseries,
  vesselsByStatusTimeseries,
  vesselsByTypeBarGauge,
} from '../panels/port-traffic.ts';
import { staffingCoverageBarGauge, staffOnShiftTimeseries } from '../panels/staffing.ts';
import { vesselMapGeomap } from '../panels/vessel-map.ts';

const ids = panels.portOps;

/** Dashboard 3: the port managers' view of traffic, berths, cargo and staff. */
export const portOperations = defineDashboard({
  key: 'portOps',
  folder: 'Business',
  description: 'Vessels, anchorage, berths, cargo and staffing of the port, with the live vessel map.',
  tags: ['business', 'port'],
  from: 'now-7d',
  rows: [
    row('Vessel traffic', [
      vesselsByStatusTimeseries({ id: ids.vesselsInPort }),
      vesselsByTypeBarGauge({ width: 6 }),
      aisFreshnessStat({ id: ids.aisFreshness, width: 6 }),
      arrivalsDeparturesTimeseries({ id: ids.arrivalsDepartures }),
      anchorageTimeseries({ id: ids.anchorage }),
    ]),
    row('Berths and routes', [
      berthOccupancyTimeseries({ id: ids.berthOccupancy, width: 8 }),
      berthsOccupiedBarGauge({ width: 8 }),
      routesTimeseries({ id: ids.routes, width: 8 }),
    ]),
    row('Cargo', [
      cargoThroughputTimeseries({ id: ids.cargoThroughput }),
      cargoPendingTimeseries({ id: ids.cargoPending }),
    ]),
    row('Staff and peak hours', [
      staffingCoverageBarGauge({ id: ids.staffing, width: 8 }),
      staffOnShiftTimeseries({ width: 16 }),
      peakHoursHeatmap({ id: ids.peakHours, width: 24, height: 9 }),
    ]),
    row('Live map', [vesselMapGeomap({ id: ids.vesselMap, width: 24, height: 14 })]),
  ],
});
