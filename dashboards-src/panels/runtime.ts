import { api, bucket } from '../../lib/catalog/index.ts';
import {
  jobMatcher,
  quantileOf,
  ranges,
  rateOf,
  ratioOrZero,
  selector,
  sumBy,
} from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { stat, timeseries } from './kinds.ts';

/** Panels on what the API runs on inside its process: event loop, database pool, cache. */
export interface RuntimePanelOptions extends PanelSize {
  matchers: readonly string[];
}

export function eventLoopLagTimeseries({ matchers, ...size }: RuntimePanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Event loop lag p99',
      description:
        'Node.js event-loop delay per replica (prom-client default metrics). Above 100 ms, requests queue.',
      unit: 's',
      targets: [
        promTarget(0, selector('nodejs_eventloop_lag_p99_seconds', ...matchers), { legend: '{{instance}}' }),
      ],
    }),
    size,
  );
}

export function dbPoolTimeseries({ matchers, ...size }: RuntimePanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Database pool clients',
      description:
        'PostgreSQL pool clients by state, all replicas. Waiting clients mean the pool is too small.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['state'], selector(api.dbPoolClients.name, ...matchers)), {
          legend: '{{state}}',
        }),
      ],
    }),
    size,
  );
}

export function dbQueryLatencyTimeseries({ matchers, ...size }: RuntimePanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Database query p95 by operation',
      description: "p95 duration of the API's PostgreSQL queries, per operation.",
      unit: 's',
      targets: [
        promTarget(
          0,
          quantileOf(0.95, ranges.panel, bucket(api.dbQueryDuration), ['operation'], ...matchers),
          {
            legend: '{{operation}}',
          },
        ),
      ],
    }),
    size,
  );
}

export function cacheHitRatioTimeseries({ matchers, ...size }: RuntimePanelOptions): PanelSpec {
  const lookups = rateOf(ranges.panel, api.cacheRequests.name, ...matchers);
  return spec(
    timeseries({
      title: 'Cache hit ratio',
      description: 'Share of cache look-ups answered from the cache, per cache.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      targets: [
        promTarget(
          0,
          ratioOrZero(
            ['cache'],
            rateOf(ranges.panel, api.cacheRequests.name, ...matchers, 'result="hit"'),
            lookups,
          ),
          {
            legend: '{{cache}}',
          },
        ),
      ],
    }),
    size,
  );
}

/** Time since any replica completed the positions retention job, against its alert's threshold. */
export function positionRetentionStat({
  id,
  staleSeconds,
  ...size
}: PanelSize & { staleSeconds: number }): PanelSpec {
  return spec(
    stat({
      title: 'Positions retention: last run',
      description:
        'Time since a replica last completed the hourly retention job (partitions made 3 days ahead, expired days dropped). ' +
        'Replicas take turns, so this is the newest over them. PositionRetentionFailing fires past the red line.',
      unit: 's',
      decimals: 0,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 2 * 3600, color: 'orange' },
        { from: staleSeconds, color: 'red' },
      ],
      targets: [
        promTarget(0, `time() - max(${selector(api.positionRetentionLastSuccess.name, jobMatcher('api'))})`, {
          legend: 'since the last run',
        }),
      ],
    }),
    { id, ...size },
  );
}
