import { exporters } from '../../lib/catalog/index.ts';
import { jobMatcher, selector } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

export function exporterFreshnessTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Business metrics freshness',
      description:
        'Seconds since each exporter collector last refreshed successfully. Business panels lag by this much.',
      unit: 's',
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 300, color: 'red' },
      ],
      thresholdLines: true,
      targets: [
        promTarget(
          0,
          `time() - max by (collector) (${selector(exporters.lastRefreshSuccess.name, jobMatcher('exporters'))})`,
          { legend: '{{collector}}' },
        ),
      ],
    }),
    size,
  );
}
