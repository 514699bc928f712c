import { jobMatcher, ranges, rateOf, selector, sumBy } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

/** The API's Redis cache of latest positions, from redis-exporter. */
const redis = jobMatcher('redis');

export function redisTimeseries(size: PanelSize = {}): PanelSpec {
  const hits = sumBy([], rateOf(ranges.panel, 'redis_keyspace_hits_total', redis));
  const misses = sumBy([], rateOf(ranges.panel, 'redis_keyspace_misses_total', redis));
  return spec(
    timeseries({
      title: 'Redis',
      description: 'Commands per second, connected clients, memory used (right axis) and keyspace hit ratio.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy([], rateOf(ranges.panel, 'redis_commands_processed_total', redis)), {
          legend: 'commands/s',
        }),
        promTarget(1, sumBy([], selector('redis_connected_clients', redis)), { legend: 'clients' }),
        promTarget(2, sumBy([], selector('redis_memory_used_bytes', redis)), { legend: 'memory used' }),
        promTarget(3, `${hits} / clamp_min(${hits} + ${misses}, 1e-9)`, { legend: 'hit ratio' }),
      ],
    })
      .overrideByQuery('C', [
        { id: 'unit', value: 'bytes' },
        { id: 'custom.axisPlacement', value: 'right' },
      ])
      .overrideByQuery('D', [
        { id: 'unit', value: 'percentunit' },
        { id: 'custom.axisPlacement', value: 'right' },
      ]),
    size,
  );
}
