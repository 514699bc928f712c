import type { DashboardRef, Duration } from '../../lib/monitoring/index.ts';

export type Severity = 'critical' | 'warning' | 'info';

/** Values of the `service` label: who owns the failing thing (`edge`: nginx, TLS and the public URL). */
export const serviceLabels = [
  'api',
  'exporters',
  'notifier',
  'synthetics',
  'node',
  'container',
  'postgres',
  'redis',
  'prometheus',
  'alertmanager',
  'port',
  'edge',
] as const;
export type ServiceLabel = (typeof serviceLabels)[number];

/** One input series of a promtool unit test, in promtool's expanding notation. */
export interface SeriesInput {
  series: string;
  values: string;
}

/** Another input on which the alert must fire (same labels and value as the main case). */
export interface FiringCase {
  why: string;
  firing: readonly SeriesInput[];
  /** When this input first meets the condition; default 0s. See `AlertTest.holdsFrom`. */
  holdsFrom?: Duration;
}

/** Another input on which the alert must stay silent, e.g. a blip too short to page on. */
export interface SilentCase {
  why: string;
  healthy: readonly SeriesInput[];
  /** When to check it; default when the main case is checked firing. */
  at?: Duration;
}

/**
 * The promtool unit test that comes with every alert: the input that makes it fire (checked
 * just before `for` elapses and after), and healthy input on which it must stay silent.
 */
export interface AlertTest {
  /** Time between input samples (default 1m); shorter for expressions over a 1-minute window. */
  interval?: Duration;
  firing: readonly SeriesInput[];
  /**
   * When the firing input first meets the condition (default 0s): e.g. an `increase()` needs a
   * few samples. "Silent before `for`" is checked at holdsFrom + for - 30s, while the condition
   * already holds, so a rule that lost its `for:` fails it (the mutation check proves this).
   */
  holdsFrom?: Duration;
  /** Labels the expression puts on the alert (besides the rule's own), exactly. */
  labels: Readonly<Record<string, string>>;
  /** How `{{ $value ... }}` renders in the annotations for the firing input, if they use it. */
  value?: string;
  /** When to expect it firing; default holdsFrom + `for` + 5m (leaves rate windows time to fill). */
  firesAt?: Duration;
  /** Input on which it must stay silent; `null` only for an alert that fires by design (Watchdog). */
  healthy: readonly SeriesInput[] | null;
  /** Other ways it must fire (e.g. ApiDown when no target is discovered at all), same labels and value. */
  alsoFiresOn?: readonly FiringCase[];
  /** Other inputs on which it must stay silent (each threshold needs one that reaches it). */
  alsoSilentOn?: readonly SilentCase[];
}

export interface AlertSpec {
  /** CamelCase, at most 40 characters; also the runbook's file name. */
  name: string;
  expr: string;
  for: Duration;
  severity: Severity;
  service: ServiceLabel;
  /** One sentence, capitalised, ending with a period. */
  summary: string;
  /** Templated with the labels in `identifiedBy`, e.g. `{{ $labels.instance }}`. */
  description: string;
  /** Labels of the alert that say which thing is failing; each must appear in the description. */
  identifiedBy: readonly string[];
  dashboard: DashboardRef;
  /** Extra static labels (e.g. the port-managers routing label on business alerts). */
  labels?: Readonly<Record<string, string>>;
  test: AlertTest;
}

/**
 * A promtool test of a recording rule: on this input, at `at`, the recorded series hold exactly
 * these values (so a changed window, aggregation or selector fails it).
 */
export interface RecordTest {
  why: string;
  /** Time between input samples (default 1m). */
  interval?: Duration;
  input: readonly SeriesInput[];
  at: Duration;
  /** Each recorded series as `name{labels}` with its value at `at`. */
  expect: readonly { series: string; value: number }[];
}

export interface RecordSpec {
  record: string;
  /** Rule group (within the file) when a file needs more than one: at most 20 rules each. */
  group?: string;
  expr: string;
  labels?: Readonly<Record<string, string>>;
  /** What the recording must hold on known inputs (the recordings other rules and panels read). */
  test?: RecordTest | readonly RecordTest[];
}

/** One domain: one generated rule file, one generated test file, one source file. */
export interface RuleFileSpec {
  /** File stem: `stack/prometheus/rules/<domain>.rules.yml`. */
  domain: string;
  /** The TypeScript file that defines it, relative to the repository root. */
  source: string;
  records: readonly RecordSpec[];
  alerts: readonly AlertSpec[];
}
