import { api, count } from '../../lib/catalog/index.ts';
import {
  quantileOfRecorded,
  ranges,
  rateOf,
  ratioOrZero,
  recording,
  selector,
  sumBy,
  thresholds,
} from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { barGauge, stat, timeseries } from './kinds.ts';

/**
 * HTTP panels of the API, built from the request-duration histogram. `matchers` select the
 * API's series (job, and the dashboard's instance variable where there is one).
 */
export interface HttpPanelOptions extends PanelSize {
  matchers: readonly string[];
}

const requests = count(api.httpRequestDuration);

export function requestRateTimeseries({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Request rate',
      description: 'Requests per second served by the API, in total and per replica.',
      unit: 'reqps',
      targets: [
        promTarget(0, sumBy([], rateOf(ranges.panel, requests, ...matchers)), { legend: 'total' }),
        promTarget(1, sumBy(['instance'], rateOf(ranges.panel, requests, ...matchers)), {
          legend: '{{instance}}',
        }),
      ],
    }),
    size,
  );
}

/**
 * Reads the recorded 5m bucket rate (a few series per instance) instead of every bucket series:
 * at 30 days each quantile re-read about 750 series. The window is the rule's 5m, not
 * `$__rate_interval`: over long ranges a point shows the 5 minutes before it, not the whole step.
 */
export function latencyPercentilesTimeseries({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Latency p50 / p95 / p99',
      description: `Request duration percentiles over all routes. The SLO threshold is ${Number(thresholds.slo.latencyThreshold) * 1000} ms, the alert ${thresholds.api.latencyP95Seconds} s.`,
      unit: 's',
      targets: [0.5, 0.95, 0.99].map((q, i) =>
        promTarget(i, quantileOfRecorded(q, recording.apiLatencyBucketRate, [], ...matchers), {
          legend: `p${Math.round(q * 100)}`,
        }),
      ),
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 0.2, color: 'yellow' },
        { from: 2, color: 'red' },
      ],
      thresholdLines: true,
    }),
    size,
  );
}

export function errorRateByRouteTimeseries({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Error rate by endpoint',
      description: 'Share of requests answered with 5xx, per route template. 0 when there are no errors.',
      unit: 'percentunit',
      min: 0,
      targets: [
        promTarget(
          0,
          ratioOrZero(
            ['route'],
            rateOf(ranges.panel, requests, ...matchers, 'status_code=~"5.."'),
            rateOf(ranges.panel, requests, ...matchers),
          ),
          { legend: '{{route}}' },
        ),
      ],
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 0.05, color: 'red' },
      ],
    }),
    size,
  );
}

export function statusCodesTimeseries({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Status codes',
      description: 'Requests per second by HTTP status code, stacked.',
      unit: 'reqps',
      stacked: true,
      targets: [
        promTarget(0, sumBy(['status_code'], rateOf(ranges.panel, requests, ...matchers)), {
          legend: '{{status_code}}',
        }),
      ],
    }),
    size,
  );
}

export function statusClassRatesTimeseries({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  const classRate = (cls: string) =>
    `${sumBy([], rateOf(ranges.panel, requests, ...matchers, `status_code=~"${cls}.."`))} or vector(0)`;
  return spec(
    timeseries({
      title: '4xx and 5xx rates',
      description:
        'Client errors (4xx: bad input, auth failures, rate limiting) and server errors (5xx) per second.',
      unit: 'reqps',
      min: 0,
      targets: [
        promTarget(0, classRate('4'), { legend: '4xx' }),
        promTarget(1, classRate('5'), { legend: '5xx' }),
      ],
    }),
    size,
  );
}

export function topEndpointsBarGauge({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  return spec(
    barGauge({
      title: 'Top endpoints',
      description: 'The ten most requested route templates over the dashboard time range.',
      unit: 'short',
      targets: [
        promTarget(
          0,
          `topk(10, ${sumBy(['method', 'route'], `increase(${selector(requests, ...matchers)}[$__range])`)})`,
          { legend: '{{method}} {{route}}', instant: true },
        ),
      ],
    }),
    size,
  );
}

export function inFlightTimeseries({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'In-flight requests',
      description: 'Requests being served right now, per replica. A climb with flat traffic means slowness.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy(['instance'], selector(api.httpRequestsInFlight.name, ...matchers)), {
          legend: '{{instance}}',
        }),
      ],
    }),
    size,
  );
}

export function activeUsersStat({ matchers, ...size }: HttpPanelOptions): PanelSpec {
  const series = selector(api.activeSessions.name, ...matchers);
  return spec(
    stat({
      title: 'Concurrent authenticated users',
      description:
        'Distinct users with an authenticated request in the last 5 minutes. Each replica counts the users it ' +
        'served, so the sum over replicas is an upper bound and the busiest replica a lower bound.',
      unit: 'short',
      targets: [
        promTarget(0, sumBy([], series), { legend: 'upper bound (sum)' }),
        promTarget(1, `max(${series})`, { legend: 'lower bound (max)' }),
      ],
    }),
    size,
  );
}

export function routeLatencyP95BarGauge({
  recordedSeries,
  ...size
}: PanelSize & { recordedSeries: string }): PanelSpec {
  return spec(
    barGauge({
      title: 'Slowest endpoints (p95)',
      description: 'p95 latency per route template over 5 minutes, all replicas (recording rule).',
      unit: 's',
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 0.2, color: 'yellow' },
        { from: 2, color: 'red' },
      ],
      targets: [promTarget(0, `topk(10, ${recordedSeries})`, { legend: '{{route}}', instant: true })],
    }),
    size,
  );
}
