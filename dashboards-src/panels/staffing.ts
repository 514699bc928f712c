import { exporters } from '../../lib/catalog/index.ts';
import { jobMatcher, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { barGauge, timeseries } from './kinds.ts';

const exp = jobMatcher('exporters');

export function staffingCoverageBarGauge(size: PanelSize = {}): PanelSpec {
  return spec(
    barGauge({
      title: 'Staffing coverage by role',
      description:
        'Staff rostered on the current shift over staff required, per role. Below 100% the shift is short.',
      unit: 'percentunit',
      min: 0,
      max: 1.5,
      thresholdSteps: [
        { from: null, color: 'red' },
        { from: 0.9, color: 'orange' },
        { from: 1, color: 'green' },
      ],
      targets: [
        promTarget(0, `min by (role) (${selector(exporters.staffCoverage.name, exp)})`, {
          legend: '{{role}}',
          instant: true,
        }),
      ],
    }),
    size,
  );
}

export function staffOnShiftTimeseries(size: PanelSize = {}): PanelSpec {
  const byRole = (metric: string) => sumBy(['role'], selector(metric, exp));
  return spec(
    timeseries({
      title: 'Staff on shift against required',
      description: 'Rostered, required and assigned staff per role over time.',
      unit: 'short',
      targets: [
        promTarget(0, byRole(exporters.staffOnShift.name), { legend: 'on shift {{role}}' }),
        promTarget(1, byRole(exporters.staffRequired.name), { legend: 'required {{role}}' }),
        promTarget(2, byRole(exporters.staffAssigned.name), { legend: 'assigned {{role}}' }),
      ],
    }).overrideByQuery('B', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }]),
    size,
  );
}
