import {
  type DashboardRef,
  type Duration,
  recording,
  type SloWindow,
  sloWindows,
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

export interface SloSpec {
  /** Value of the `slo` label. */
  slo: string;
  objective: number;
  /**
   * PromQL of the bad events and of all events per second over a window, each aggregated to no
   * labels. The short windows divide one by the other from the raw counters; the long ones sum
   * their 5m recordings over time.
   */
  events: { bad: (window: SloWindow) => string; all: (window: SloWindow) => string };
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
  /** Raw input and the bad and all events per second the 5m recordings must hold on it. */
  eventsTest: { input: RecordTest['input']; bad: number; all: number };
}

const of = (spec: SloSpec) => `slo="${spec.slo}"`;

/**
 * Windows computed from the 5m recordings rather than the raw counters: a rate over days re-reads
 * every sample of every request series at each evaluation.
 */
export const longSloWindows: readonly SloWindow[] = ['1d', '3d', '30d'];

/**
 * Over a long window: the 5m bad-event rate summed over time, divided by the 5m request rate
 * summed over time. Each 5m rate counts its requests, so the ratio weighs every moment by its
 * traffic (as the raw counters would), not every moment alike (as an average of ratios would).
 */
const longWindowRatio = (spec: SloSpec, w: SloWindow) =>
  `sum_over_time(${recording.sliErrorRate5m}{${of(spec)}}[${w}]) / sum_over_time(${recording.sliRequestRate5m}{${of(spec)}}[${w}])`;

/** 5m rates fed straight to the long-window ratio: 1 bad/s at 10/s for 12 h, then at 100/s. */
const weightingTest = (spec: SloSpec): RecordTest => ({
  why: 'weighted by requests: 10% bad at 10/s then 1% at 100/s over the day is 1/55, not the average ratio 5.5%',
  input: [
    input(null, recording.sliErrorRate5m, { slo: spec.slo }, '1x720 1x720'),
    input(null, recording.sliRequestRate5m, { slo: spec.slo }, '10x720 100x720'),
  ],
  // Window (30s, 1d30s]: the samples of minutes 1 to 1440, 720 of each half.
  at: '86430s',
  expect: [{ series: `${recording.sliErrorRatio('1d')}{slo="${spec.slo}"}`, value: 1440 / 79_200 }],
});

/** The 5m recording `name` of the spec on its raw events input. */
const eventsTest = (spec: SloSpec, name: string, value: number): RecordTest => ({
  why: 'events per second from the raw counters',
  input: spec.eventsTest.input,
  at: '10m',
  expect: [{ series: `${name}{slo="${spec.slo}"}`, value }],
});

/**
 * Sloth-style recording rules: the bad and all events' 5m rates, the error ratio over each
 * window (up to 6 h from the raw counters, 1 d and longer from the 5m rates), the objective and
 * budget as series, the burn rate over each window, and the share of the 30-day budget left.
 */
export function sloRecords(spec: SloSpec): RecordSpec[] {
  const labels = { slo: spec.slo };
  const group = spec.slo;
  // A group of their own: with them the SLO's group would hold 21 rules (at most 20).
  const eventsGroup = `${spec.slo}.events`;
  const events = [
    record({
      record: recording.sliErrorRate5m,
      expr: spec.events.bad('5m'),
      labels,
      group: eventsGroup,
      test: eventsTest(spec, recording.sliErrorRate5m, spec.eventsTest.bad),
    }),
    record({
      record: recording.sliRequestRate5m,
      expr: spec.events.all('5m'),
      labels,
      group: eventsGroup,
      test: eventsTest(spec, recording.sliRequestRate5m, spec.eventsTest.all),
    }),
  ];
  const ratios = sloWindows.map((w) =>
    record({
      record: recording.sliErrorRatio(w),
      expr: longSloWindows.includes(w)
        ? longWindowRatio(spec, w)
        : `(${spec.events.bad(w)}) / ${spec.events.all(w)}`,
      labels,
      group,
      ...(w === '1d' ? { test: weightingTest(spec) } : {}),
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
    ...events,
    ...ratios,
    record({ record: recording.objective, expr: `vector(${spec.objective})`, labels, group }),
    record({ record: recording.errorBudget, expr: `1 - ${recording.objective}{${of(spec)}}`, labels, group }),
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
    test: { firing, labels: { slo: spec.slo }, healthy: spec.tests.healthy, ...windowCases(spec, policy) },
  });
}

/** The page (critical) and ticket (warning) burn-rate alerts of an SLO. */
export function sloAlerts(spec: SloSpec): AlertSpec[] {
  return [
    burnAlert(spec, 'Fast', 'critical', spec.page, spec.tests.fastBurn),
    burnAlert(spec, 'Slow', 'warning', spec.ticket, spec.tests.slowBurn),
  ];
}
