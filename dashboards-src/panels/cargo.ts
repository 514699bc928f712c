import { exporters } from '../../lib/catalog/index.ts';
import { increaseOf, jobMatcher, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

const exp = jobMatcher('exporters');

/** Cargo handled per day by category, containers in TEU and bulk in tonnes (right axis). */
export function cargoThroughputTimeseries(size: PanelSize = {}): PanelSpec {
  const perDay = (unit: string) =>
    sumBy(['category'], increaseOf('$__interval', exporters.cargoThroughput.name, exp, `unit="${unit}"`));
  return spec(
    timeseries({
      title: 'Cargo throughput per day',
      description: 'Quantity handled per day by cargo category: TEU (left axis) and tonnes (right axis).',
      unit: 'short',
      bars: true,
      interval: '1d',
      targets: [
        promTarget(0, perDay('teu'), { legend: '{{category}} (TEU)' }),
        promTarget(1, perDay('tonnes'), { legend: '{{category}} (t)' }),
      ],
    }).overrideByQuery('B', [
      { id: 'unit', value: 'masst' },
      { id: 'custom.axisPlacement', value: 'right' },
    ]),
    size,
  );
}

export function cargoPendingTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Pending and stalled operations',
      description:
        'Cargo operations planned or in progress, by status, and those with no progress within the stall threshold.',
      unit: 'short',
      targets: [
        promTarget(
          0,
          sumBy(
            ['status'],
            selector(exporters.cargoOperations.name, exp, 'status=~"planned|in_progress|stalled"'),
          ),
          { legend: '{{status}}' },
        ),
        promTarget(1, sumBy([], selector(exporters.cargoStalled.name, exp)), {
          legend: 'no recent progress',
        }),
        promTarget(2, sumBy([], selector(exporters.operationsUnstaffed.name, exp)), { legend: 'unstaffed' }),
      ],
    }),
    size,
  );
}
