/**
 * Names of the recording rules that dashboards read. Rules define them (rules/), dashboards
 * read them (dashboards-src/), both import them from here, and both sides fail to compile when
 * one is renamed. Format: level:metric:operation.
 */
export const sloWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'] as const;
export type SloWindow = (typeof sloWindows)[number];

/** The SLOs, as the value of the `slo` label on every SLO series. */
export const slos = { availability: 'api-availability', latency: 'api-latency' } as const;

export const recording = {
  /** Error ratio of an SLO over a window (Sloth's `slo:sli_error:ratio_rate<window>`), labelled `slo`. */
  sliErrorRatio: (window: SloWindow) => `slo:sli_error:ratio_rate${window}`,
  /** The SLO objective as a ratio (0.999), labelled `slo`. */
  objective: 'slo:objective:ratio',
  /** Allowed error ratio, 1 - objective, labelled `slo`. */
  errorBudget: 'slo:error_budget:ratio',
  /** Share of the 30-day error budget still unspent (1 = untouched, < 0 = overspent), labelled `slo`. */
  errorBudgetRemaining: 'slo:error_budget_remaining:ratio',
  /** Current burn rate over a window: error ratio divided by the budget, labelled `slo`. */
  burnRate: (window: SloWindow) => `slo:burn_rate:ratio_rate${window}`,
  /** API requests per second by route and status code, summed over instances. */
  apiRequestRate: 'route_status_code:http_requests:rate5m',
  /**
   * The API's request-duration buckets, 5m rate summed over routes, methods and status codes,
   * by job, instance and le: the latency percentiles read these few series instead of every
   * bucket series (about 750 at a port's size, the API Performance dashboard's slowest panel).
   */
  apiLatencyBucketRate: 'instance_le:http_request_duration_seconds_bucket:rate5m',
  /**
   * Bad events of an SLO in the 5 minutes up to each evaluation, counted exactly from the
   * counters' samples (a tile), labelled `slo`: the long windows sum one tile every 5 minutes.
   */
  sliErrorTile: 'slo:sli_error:increase5m',
  /** All events (requests) of an SLO in the same 5 minutes, labelled `slo`. */
  sliRequestTile: 'slo:sli_requests:increase5m',
  /** API p95 latency by route. */
  apiLatencyP95: 'route:http_request_duration_seconds:p95_5m',
} as const;
