import type { DashboardRef } from '../../dashboards-src/refs.ts';

export type Severity = 'critical' | 'warning' | 'info';

/** Values of the `service` label: who owns the failing thing. */
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
] as const;
export type ServiceLabel = (typeof serviceLabels)[number];

/** A Prometheus duration such as `30s`, `5m`, `1h`, `1d`. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}`;

/** One input series of a promtool unit test, in promtool's expanding notation. */
export interface SeriesInput {
  series: string;
  values: string;
}

/**
 * The promtool unit test that comes with every alert: the input that makes it fire (checked
 * just before `for` elapses and after), and healthy input on which it must stay silent.
 */
export interface AlertTest {
  firing: readonly SeriesInput[];
  /** Labels the expression puts on the alert (besides the rule's own), exactly. */
  labels: Readonly<Record<string, string>>;
  /** How `{{ $value ... }}` renders in the annotations for the firing input, if they use it. */
  value?: string;
  /** When to expect it firing; default `for` + 5m (leaves rate windows time to fill). */
  firesAt?: Duration;
  /** Input on which it must stay silent; `null` only for an alert that fires by design (Watchdog). */
  healthy: readonly SeriesInput[] | null;
  /** Other ways it must fire (e.g. ApiDown when no target is discovered at all), same labels and value. */
  alsoFiresOn?: readonly { why: string; firing: readonly SeriesInput[] }[];
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

export interface RecordSpec {
  record: string;
  /** Rule group (within the file) when a file needs more than one: at most 20 rules each. */
  group?: string;
  expr: string;
  labels?: Readonly<Record<string, string>>;
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
