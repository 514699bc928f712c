import type { Duration } from '../../lib/monitoring/index.ts';
import type { DirectReceiver, Receiver } from './receivers.ts';

/** An Alertmanager matcher, `label="value"`, `label!="value"`, `label=~"regex"`. */
export type Matcher = `${string}${'=' | '!=' | '=~' | '!~'}"${string}"`;

export const eq = (label: string, value: string): Matcher => `${label}=${JSON.stringify(value)}` as Matcher;
export const ne = (label: string, value: string): Matcher => `${label}!=${JSON.stringify(value)}` as Matcher;
export const anyOf = (label: string, values: readonly string[]): Matcher =>
  `${label}=~${JSON.stringify(values.join('|'))}` as Matcher;

/** A child route: the receiver is one of the notifier's four or a direct one, checked by the compiler. */
export interface RouteSpec {
  receiver: Receiver | DirectReceiver;
  matchers: readonly Matcher[];
  continue?: boolean;
  group_wait?: Duration;
  group_interval?: Duration;
  repeat_interval?: Duration;
}

export interface InhibitSpec {
  source_matchers: readonly Matcher[];
  target_matchers: readonly Matcher[];
  /** Labels whose values must be equal on source and target. */
  equal: readonly string[];
}

export const route = (spec: RouteSpec): RouteSpec => spec;
export const inhibit = (spec: InhibitSpec): InhibitSpec => spec;
