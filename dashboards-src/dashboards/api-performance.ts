import { jobMatcher, panels, recording, thresholds } from '../../lib/monitoring/index.ts';
import { defineDashboard } from '../core/definition.ts';
import { row } from '../core/panel-spec.ts';
import { deployAnnotation } from '../panels/deploy-annotation.ts';
import {
  activeUsersStat,
  errorRateByRouteTimeseries,
  inFlightTimeseries,
  latencyPercentilesTimeseries,
  requestRateTimeseries,
  routeLatencyP95BarGauge,
  statusCodesTimeseries,
  topEndpointsBarGauge,
} from '../panels/http.ts';
import { instanceMatcher, instanceVariable } from '../panels/instance-variable.ts';
import {
  cacheHitRatioTimeseries,
  dbPoolTimeseries,
  dbQueryLatencyTimeseries,
  eventLoopLagTimeseries,
  positionRetentionStat,
} from '../panels/runtime.ts';

const ids = panels.api;
const matchers = [jobMatcher('api'), instanceMatcher];

/** Dashboard 1: the API as its users feel it, per replica through `$instance`. */
export const apiPerformance = defineDashboard({
  key: 'api',
  folder: 'Operations',
  description:
    'PortTrack API: traffic, latency, errors, users and the runtime behind them. Deploys are annotated.',
  tags: ['api'],
  variables: [instanceVariable('api')],
  annotations: [deployAnnotation()],
  rows: [
    row('Traffic and latency', [
      requestRateTimeseries({ matchers, id: ids.requestRate }),
      latencyPercentilesTimeseries({ matchers, id: ids.latency }),
    ]),
    row('Errors and endpoints', [
      errorRateByRouteTimeseries({ matchers, id: ids.errorRate }),
      statusCodesTimeseries({ matchers, id: ids.statusCodes }),
      topEndpointsBarGauge({ matchers, id: ids.topEndpoints }),
      routeLatencyP95BarGauge({ recordedSeries: recording.apiLatencyP95 }),
    ]),
    row('Users, concurrency and upkeep', [
      activeUsersStat({ matchers, id: ids.activeUsers, width: 6 }),
      inFlightTimeseries({ matchers, id: ids.inFlight, width: 12 }),
      positionRetentionStat({
        id: ids.positionRetention,
        staleSeconds: thresholds.api.retentionStaleSeconds,
        width: 6,
      }),
    ]),
    row('Runtime and dependencies', [
      eventLoopLagTimeseries({ matchers, width: 6 }),
      dbPoolTimeseries({ matchers, width: 6 }),
      dbQueryLatencyTimeseries({ matchers, width: 6 }),
      cacheHitRatioTimeseries({ matchers, width: 6 }),
    ]),
  ],
});
