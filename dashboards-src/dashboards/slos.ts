import { dashboardRef, panels, slos } from '../../lib/monitoring/index.ts';
import { defineDashboard } from '../core/definition.ts';
import { row } from '../core/panel-spec.ts';
import { burnRatesTimeseries, errorBudgetRemainingStat, sloAttainmentTimeseries } from '../panels/slo.ts';

const ids = panels.slo;

/** Dashboard 5: the API's SLOs from the recording rules. */
export const sloDashboard = defineDashboard({
  key: 'slo',
  folder: 'Operations',
  description: 'Availability and latency SLIs, error budget remaining and burn rates (recording rules).',
  tags: ['slo'],
  from: 'now-7d',
  rows: [
    row('SLIs', [
      sloAttainmentTimeseries({
        slo: slos.availability,
        title: 'Availability SLI',
        id: ids.availability,
        links: [dashboardRef('api', 'errorRate')],
      }),
      sloAttainmentTimeseries({
        slo: slos.latency,
        title: 'Latency SLI (requests under 200 ms)',
        id: ids.latency,
        links: [dashboardRef('api', 'latency')],
      }),
    ]),
    row('Error budget', [
      errorBudgetRemainingStat({ id: ids.errorBudget, width: 8 }),
      burnRatesTimeseries({ id: ids.burnRate, width: 16 }),
    ]),
  ],
});
