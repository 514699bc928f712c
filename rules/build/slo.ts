import {
  type DashboardRef,
  type Duration,
  recording,
  type SloWindow,
  sloWindows,
  sumRate,
  toSeconds,
} from '../../lib/monitoring/index.ts';
import { alert, record } from './define.ts';
import { input } from './test-input.ts';
import type { AlertSpec, AlertTest, RecordSpec, RecordTest, Severity, ServiceLabel } from './types.ts';

export interface BurnWindow {
  long: SloWindow;
  short: SloWindow;
  factor: number;
}

export interface BurnAlertPolicy {
  windows: readonly BurnWindow[];
  for: Duration;
}

/**
 * How an SLO counts the events of one counter selector over some span, summed to no labels:
 * `sum(rate(x[w]))` for the short windows, the exact 5-minute tile for the long ones.
 */
export type CountEvents = (counter: string) => string;

/** Raw counter input and the bad and all events the 5-minute tiles must hold on it. */
export interface EventsCase {
  why: string;
  input: RecordTest['input'];
  /** Events in the 5 minutes up to `at`. */
  at: Duration;
  bad: number;
  all: number;
}

export interface SloSpec {
  /** Value of the `slo` label. */
  slo: string;
  objective: number;
  /**
   * The bad events and all events as PromQL over the SLO's counter selectors, each selector
   * passed through `count`: the one definition both the short windows (`count` a summed rate
   * over the window, from the raw counters) and the 5-minute tiles (`count` an exact counter
   * difference) are built from.
   */
  events: { bad: (count: CountEvents) => string; all: (count: CountEvents) => string };
  /** Alert name prefix, e.g. `ApiAvailability` gives `ApiAvailabilityBudgetFastBurn`. */
  alertPrefix: string;
  /** What the SLO promises, for the alert text: "answer without a server error". */
  promise: string;
  service: ServiceLabel;
  dashboard: DashboardRef;
  page: BurnAlertPolicy;
  ticket: BurnAlertPolicy;
  /** Inputs: error ratio well above every page factor, between ticket and page, and healthy. */
  tests: { fastBurn: AlertTest['firing']; slowBurn: AlertTest['firing']; healthy: AlertTest['firing'] };
  /** The tiles on raw input: steady traffic, a counter reset (a restart), a series new in the tile. */
  eventsTests: readonly EventsCase[];
  /**
   * Raw input with bad events just inside the 1d window that ends on the 5-minute grid at
   * `windowEnd`, and bursts just outside it at both edges (in the tile ending at the window's
   * start, and between `windowEnd` and `at`); the bad and all events of exactly that window.
   */
  windowTest: {
    input: RecordTest['input'];
    interval: Duration;
    windowEnd: Duration;
    at: Duration;
    bad: number;
    all: number;
  };
}

const of = (spec: SloSpec) => `slo="${spec.slo}"`;

/**
 * Windows computed from the 5-minute tiles rather than the raw counters: a rate over days re-reads
 * every sample of every request series at each evaluation.
 */
export const longSloWindows: readonly SloWindow[] = ['1d', '3d', '30d'];

/** The tiles' span, and the grid the long windows read them on. */
export const sloTile: Duration = '5m';
const tileS = toSeconds(sloTile);

/**
 * The events of counter selector `x` in the 5 minutes up to now, summed over its series: the
 * sample now minus the sample 5 minutes ago, exactly (no extrapolation). Where that difference is
 * negative (the counter reset) or missing (a series new in the 5 minutes, or one that just
 * ended), `increase(x[5m])` of that series instead. The `or` matches series on all their labels
 * but the metric name, which the subtraction drops and `increase` drops too.
 */
export const tileOf: CountEvents = (x) =>
  `sum((${x} - ${x} offset ${sloTile} >= 0) or increase(${x}[${sloTile}]))`;

/**
 * The subquery range of a long window: 1 ms short of it. The steps of a subquery lie on a grid
 * aligned to the epoch, and Prometheus 2 includes a range's start: a range of exactly 1d holds 289
 * steps whenever the evaluation falls on the grid (one tile counted twice). 1 ms short it holds
 * 288 at every evaluation time (timestamps are whole milliseconds), in Prometheus 3 as well.
 */
export const gridRange = (w: SloWindow) => `${toSeconds(w) * 1000 - 1}ms`;

/**
 * Over a long window: the tiles read every 5 minutes on the epoch-aligned grid, bad over all.
 * The rules run every 15 s at a fixed phase, and 5 minutes is a multiple of 15 s, so each grid
 * step reads the tile of the last evaluation at or before it, and those tiles lie exactly
 * 5 minutes apart, edge to edge: the sum telescopes to each counter's difference between the
 * evaluation at or before the window's last grid step and the one a window earlier (a reset
 * costs only its tile's extrapolation). So it is the exact count of the window's events, ending
 * at most 5 minutes 15 s before the evaluation; each tile counts its requests, so every moment
 * weighs by its traffic (as raw counters would), not alike (as an average of ratios would).
 */
const longWindowRatio = (spec: SloSpec, w: SloWindow) =>
  `sum_over_time(${recording.sliErrorTile}{${of(spec)}}[${gridRange(w)}:${sloTile}]) / sum_over_time(${recording.sliRequestTile}{${of(spec)}}[${gridRange(w)}:${sloTile}])`;

/** A window's ratio from the raw counters: the bad events' rate over the whole window, over all. */
export const rawRatio = (spec: SloSpec, w: SloWindow) => {
  const count: CountEvents = (x) => sumRate(w, x);
  return `(${spec.events.bad(count)}) / ${spec.events.all(count)}`;
};

/** Tiles fed straight to the 1 d ratio: 1 bad/s at 10/s for 12 h, then at 100/s. */
const weightingTest = (spec: SloSpec): RecordTest => ({
  why: "weighted by requests over exactly the day's 288 tiles: 10% bad at 10/s then 1% at 100/s is 1/55, not the average ratio 5.5%",
  input: [
    input(null, recording.sliErrorTile, { slo: spec.slo }, `${tileS}x1440`),
    // Tiles every minute; the grid reads those at 5, 10, ... 1440 minutes. The one at 0 (at the
    // window's start, which a range of exactly 1d would add) would make it 1/54.8.
    input(null, recording.sliRequestTile, { slo: spec.slo }, `${10 * tileS}x720 ${100 * tileS}x720`),
  ],
  at: '1d',
  expect: [{ series: `${recording.sliErrorRatio('1d')}{slo="${spec.slo}"}`, value: 1 / 55 }],
});

/** The 1 d ratio from raw counters with bursts at its edges: exactly the window's own events. */
const windowTest = (spec: SloSpec): RecordTest => ({
  why: `from the raw counters, at ${spec.windowTest.at}: the events of exactly the 288 tiles up to ${spec.windowTest.windowEnd}, none of the bursts just outside either edge`,
  input: spec.windowTest.input,
  interval: spec.windowTest.interval,
  at: spec.windowTest.at,
  expect: [
    {
      series: `${recording.sliErrorRatio('1d')}{slo="${spec.slo}"}`,
      value: spec.windowTest.bad / spec.windowTest.all,
    },
  ],
});

/** The tile `name` of the spec on each raw events case. */
const tileTests = (spec: SloSpec, name: string, events: 'bad' | 'all'): RecordTest[] =>
  spec.eventsTests.map((c) => ({
    why: `${events} events in the 5 minutes up to ${c.at}, exactly: ${c.why}`,
    input: c.input,
    at: c.at,
    expect: [{ series: `${name}{slo="${spec.slo}"}`, value: c[events] }],
  }));

/**
 * Sloth-style recording rules: the bad and all events' 5-minute tiles, the error ratio over each
 * window (up to 6 h from the raw counters, 1 d and longer from the tiles), the objective and
 * budget as series, the burn rate over each window, and the share of the 30-day budget left.
 * The tiles, ratios and burn rates in one group per SLO (19 rules), so a ratio reads the tiles
 * its own evaluation has just written; the objective and budget, constants, in a group of their
 * own (with them the SLO's group would hold 21 rules, at most 20).
 */
export function sloRecords(spec: SloSpec): RecordSpec[] {
  const labels = { slo: spec.slo };
  const group = spec.slo;
  const constants = `${spec.slo}.objective`;
  const tiles = [
    record({
      record: recording.sliErrorTile,
      expr: spec.events.bad(tileOf),
      labels,
      group,
      test: tileTests(spec, recording.sliErrorTile, 'bad'),
    }),
    record({
      record: recording.sliRequestTile,
      expr: spec.events.all(tileOf),
      labels,
      group,
      test: tileTests(spec, recording.sliRequestTile, 'all'),
    }),
  ];
  const ratios = sloWindows.map((w) =>
    record({
      record: recording.sliErrorRatio(w),
      expr: longSloWindows.includes(w) ? longWindowRatio(spec, w) : rawRatio(spec, w),
      labels,
      group,
      ...(w === '1d' ? { test: [weightingTest(spec), windowTest(spec)] } : {}),
    }),
  );
  const burnRates = sloWindows.map((w) =>
    record({
      record: recording.burnRate(w),
      expr: `${recording.sliErrorRatio(w)}{${of(spec)}} / on (slo) ${recording.errorBudget}{${of(spec)}}`,
      labels,
      group,
    }),
  );
  return [
    ...tiles,
    ...ratios,
    record({ record: recording.objective, expr: `vector(${spec.objective})`, labels, group: constants }),
    record({
      record: recording.errorBudget,
      expr: `1 - ${recording.objective}{${of(spec)}}`,
      labels,
      group: constants,
    }),
    ...burnRates,
    record({
      record: recording.errorBudgetRemaining,
      expr: `1 - ${recording.burnRate('30d')}{${of(spec)}}`,
      labels,
      group,
    }),
  ];
}

const condition = (spec: SloSpec, policy: BurnAlertPolicy) =>
  policy.windows
    .map(
      ({ long, short, factor }) =>
        `(${recording.burnRate(long)}{${of(spec)}} > ${factor} and ${recording.burnRate(short)}{${of(spec)}} > ${factor})`,
    )
    .join(' or ');

/** Burn-rate series fed straight to the alert (the recording rules get no raw input then). */
const burnRates = (spec: SloSpec, values: Partial<Record<SloWindow, number>>) =>
  Object.entries(values).map(([window, value]) =>
    input(null, recording.burnRate(window as SloWindow), { slo: spec.slo }, `${value}x40`),
  );

/**
 * Each window pair must fire on its own (the other pair below its factor), and stay silent when
 * only its long or only its short window burns (a blip, or an incident already over): so that a
 * test fails whichever of the four thresholds moves.
 */
function windowCases(
  spec: SloSpec,
  policy: BurnAlertPolicy,
): Pick<AlertTest, 'alsoFiresOn' | 'alsoSilentOn'> {
  const quiet = (pair: BurnWindow) => ({ [pair.long]: 0, [pair.short]: 0 });
  const others = (pair: BurnWindow) =>
    Object.assign({}, ...policy.windows.filter((w) => w !== pair).map(quiet)) as Record<SloWindow, number>;
  return {
    alsoFiresOn: policy.windows.map((pair) => ({
      why: `${pair.long} and ${pair.short} both over ${pair.factor}x, the other windows quiet`,
      firing: burnRates(spec, {
        ...others(pair),
        [pair.long]: pair.factor * 1.5,
        [pair.short]: pair.factor * 1.5,
      }),
    })),
    alsoSilentOn: policy.windows.flatMap((pair) => [
      {
        why: `a blip: ${pair.short} over ${pair.factor}x, ${pair.long} under`,
        healthy: burnRates(spec, {
          ...others(pair),
          [pair.long]: pair.factor / 2,
          [pair.short]: pair.factor * 1.5,
        }),
      },
      {
        why: `over: ${pair.long} still over ${pair.factor}x, ${pair.short} back under`,
        healthy: burnRates(spec, {
          ...others(pair),
          [pair.long]: pair.factor * 1.5,
          [pair.short]: pair.factor / 2,
        }),
      },
    ]),
  };
}

const describe = (policy: BurnAlertPolicy) =>
  policy.windows.map(({ long, short, factor }) => `${factor}x over ${long} and ${short}`).join(', or ');

function burnAlert(
  spec: SloSpec,
  kind: 'Fast' | 'Slow',
  severity: Severity,
  policy: BurnAlertPolicy,
  firing: AlertTest['firing'],
) {
  const consequence =
    kind === 'Fast'
      ? 'at this pace the 30-day budget is gone within days: act now'
      : 'the budget will run out before the 30 days end: plan the fix';
  return alert({
    name: `${spec.alertPrefix}Budget${kind}Burn`,
    expr: condition(spec, policy),
    for: policy.for,
    severity,
    service: spec.service,
    summary: `The ${spec.slo} SLO is burning its error budget ${kind === 'Fast' ? 'fast' : 'steadily'}.`,
    description: `The {{ $labels.slo }} SLO (${spec.objective * 100}% of requests ${spec.promise}) burns its error budget at ${describe(policy)}: ${consequence}.`,
    identifiedBy: ['slo'],
    dashboard: spec.dashboard,
    test: {
      firing,
      // A long window's first tile is read at the first 5-minute grid step.
      ...(policy.windows.some((w) => longSloWindows.includes(w.long)) ? { holdsFrom: sloTile } : {}),
      labels: { slo: spec.slo },
      healthy: spec.tests.healthy,
      ...windowCases(spec, policy),
    },
  });
}

/** The page (critical) and ticket (warning) burn-rate alerts of an SLO. */
export function sloAlerts(spec: SloSpec): AlertSpec[] {
  return [
    burnAlert(spec, 'Fast', 'critical', spec.page, spec.tests.fastBurn),
    burnAlert(spec, 'Slow', 'warning', spec.ticket, spec.tests.slowBurn),
  ];
}
