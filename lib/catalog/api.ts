import { cargoCategories, portCallEventTypes, positionRejectReasons } from '../domain/vocabulary.ts';
import { defineMetric } from './define.ts';
import { httpStatusCodes, oneOf, open, shaped } from './label-values.ts';

// Latency buckets centred on the 200 ms SLO threshold and the 2 s alert threshold.
export const httpLatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10] as const;

/** The methods the API labels requests with; any other token a client sends counts as OTHER. */
export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'] as const;
/** Every value of porttrack_logins_total's `result` label. */
export const loginResults = ['success', 'failure', 'throttled', 'rate_limited'] as const;
/** The API's rate limiters: every request, and login attempts. */
export const rateLimiters = ['api', 'login'] as const;
/** The API's caches and what a look-up can find. */
export const apiCaches = ['latest_positions'] as const;
export const cacheResults = ['hit', 'miss', 'bypass'] as const;
export const poolClientStates = ['total', 'idle', 'waiting'] as const;

export const api = {
  httpRequestDuration: defineMetric({
    name: 'http_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP request duration by method, route template and status code.',
    unit: 'seconds',
    labelNames: ['method', 'route', 'status_code'],
    labelValues: {
      method: oneOf(httpMethods),
      route: open(
        'route templates of the API routers (`/api/v1/vessels/:id`) and `unmatched`: bounded by the code',
      ),
      status_code: shaped(/^[1-5][0-9][0-9]$/, httpStatusCodes),
    },
    buckets: httpLatencyBuckets,
    service: 'api',
  }),
  httpRequestsInFlight: defineMetric({
    name: 'http_requests_in_flight',
    type: 'gauge',
    help: 'HTTP requests currently being served.',
    labelNames: [],
    service: 'api',
  }),
  dbPoolClients: defineMetric({
    name: 'porttrack_db_pool_clients',
    type: 'gauge',
    help: 'PostgreSQL pool clients by state (total, idle, waiting).',
    labelNames: ['state'],
    labelValues: { state: oneOf(poolClientStates) },
    service: 'api',
  }),
  dbQueryDuration: defineMetric({
    name: 'porttrack_db_query_duration_seconds',
    type: 'histogram',
    help: 'PostgreSQL query duration by operation.',
    unit: 'seconds',
    labelNames: ['operation'],
    labelValues: {
      operation: open(
        'query names each data-access module gives its statements (`vessels.list`): bounded by the code',
      ),
    },
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    service: 'api',
  }),
  cacheRequests: defineMetric({
    name: 'porttrack_cache_requests_total',
    type: 'counter',
    help: 'Cache look-ups by cache and result (hit, miss, bypass while the cache is unreachable).',
    labelNames: ['cache', 'result'],
    labelValues: { cache: oneOf(apiCaches), result: oneOf(cacheResults) },
    service: 'api',
  }),
  portCallEvents: defineMetric({
    name: 'porttrack_port_call_events_total',
    type: 'counter',
    help: 'Port-call events accepted, by event type.',
    labelNames: ['type'],
    labelValues: { type: oneOf(portCallEventTypes) },
    service: 'api',
  }),
  cargoOperationsCompleted: defineMetric({
    name: 'porttrack_cargo_operations_completed_total',
    type: 'counter',
    help: 'Cargo operations completed, by cargo category.',
    labelNames: ['category'],
    labelValues: { category: oneOf(cargoCategories) },
    service: 'api',
  }),
  positionsIngested: defineMetric({
    name: 'porttrack_positions_ingested_total',
    type: 'counter',
    help: 'AIS position reports stored.',
    labelNames: [],
    service: 'api',
  }),
  positionsRejected: defineMetric({
    name: 'porttrack_positions_rejected_total',
    type: 'counter',
    help: 'AIS position reports rejected, by reason.',
    labelNames: ['reason'],
    labelValues: { reason: oneOf(positionRejectReasons) },
    service: 'api',
  }),
  positionIngestLag: defineMetric({
    name: 'porttrack_position_ingest_lag_seconds',
    type: 'histogram',
    help: 'Delay between a position report timestamp and its storage.',
    unit: 'seconds',
    labelNames: [],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    service: 'api',
  }),
  logins: defineMetric({
    name: 'porttrack_logins_total',
    type: 'counter',
    help: 'Login attempts by result (success, failure, throttled, rate_limited).',
    labelNames: ['result'],
    labelValues: { result: oneOf(loginResults) },
    service: 'api',
  }),
  loginFailureAccountsPerAddress: defineMetric({
    name: 'porttrack_login_failure_accounts_per_address_max',
    type: 'gauge',
    help: 'Most distinct accounts one client address failed to log in to in the last 10 minutes (credential stuffing).',
    labelNames: [],
    service: 'api',
  }),
  loginFailuresPerAccount: defineMetric({
    name: 'porttrack_login_failures_per_account_max',
    type: 'gauge',
    help: 'Most failed logins one account took in the last 10 minutes, from any address.',
    labelNames: [],
    service: 'api',
  }),
  activeSessions: defineMetric({
    name: 'porttrack_auth_active_users',
    type: 'gauge',
    help: 'Distinct users with an authenticated request in the last 5 minutes.',
    labelNames: [],
    service: 'api',
  }),
  rateLimited: defineMetric({
    name: 'porttrack_rate_limited_requests_total',
    type: 'counter',
    help: 'Requests refused with 429, by limiter.',
    labelNames: ['limiter'],
    labelValues: { limiter: oneOf(rateLimiters) },
    service: 'api',
  }),
  sseClients: defineMetric({
    name: 'porttrack_position_stream_clients',
    type: 'gauge',
    help: 'Clients connected to the live position stream.',
    labelNames: [],
    service: 'api',
  }),
  positionRetentionLastSuccess: defineMetric({
    name: 'porttrack_position_retention_last_success_timestamp_seconds',
    type: 'gauge',
    help: "Unix time this replica last completed the positions retention job (the coming days' partitions made, expired ones dropped); 0 until it has. Replicas take turns, so the newest over replicas counts.",
    unit: 'timestamp_seconds',
    labelNames: [],
    service: 'api',
  }),
  buildInfo: defineMetric({
    name: 'porttrack_build_info',
    type: 'gauge',
    help: 'Always 1; labels carry the running version and Node.js version.',
    labelNames: ['service', 'version', 'node_version'],
    labelValues: {
      service: oneOf(['api']),
      version: open('the running release (package.json)'),
      node_version: open('the Node.js runtime running it'),
    },
    service: 'api',
  }),
} as const;
