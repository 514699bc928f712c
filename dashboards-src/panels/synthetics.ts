import { synthetics } from '../../lib/catalog/index.ts';
import { jobMatcher, selector } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

const probes = jobMatcher('synthetics');

export function probeSuccessTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Probe success by journey',
      description: '1 when the last run of the synthetic journey passed all its checks, 0 when it failed.',
      unit: 'short',
      min: 0,
      max: 1,
      targets: [
        promTarget(0, `min by (journey) (${selector(synthetics.probeSuccess.name, probes)})`, {
          legend: '{{journey}}',
        }),
      ],
    }),
    size,
  );
}

export function probeDurationTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Probe duration by journey',
      description: 'Duration of the last run of each synthetic journey.',
      unit: 's',
      targets: [
        promTarget(0, `max by (journey) (${selector(synthetics.probeDuration.name, probes)})`, {
          legend: '{{journey}}',
        }),
      ],
    }),
    size,
  );
}
