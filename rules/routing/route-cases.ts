import type { DirectReceiver, Receiver } from './receivers.ts';

/** A label set: an alert's own labels (by name, from its definition), with `labels` added or replacing. */
export interface AlertLabels {
  alert?: string;
  labels?: Record<string, string>;
}

/**
 * Routing test cases, run with `amtool config routes test` against the generated
 * configuration: a label set and the receivers it must reach, in routing-tree order.
 * `alert` takes the labels from that alert's definition (so a relabelled alert is re-tested);
 * `labels` adds to or replaces them.
 */
export interface RouteCase extends AlertLabels {
  name: string;
  receivers: readonly (Receiver | DirectReceiver)[];
}

export const routeCases: readonly RouteCase[] = [
  {
    // `heartbeat` posts to the deployment's external dead-man's switch, or nowhere without one.
    name: 'Watchdog reaches the external heartbeat and the dead-man receiver only',
    alert: 'Watchdog',
    receivers: ['heartbeat', 'deadman'],
  },
  { name: 'critical platform alert pages on-call', alert: 'NodeDown', receivers: ['oncall'] },
  { name: 'a node gone from the Swarm pages on-call', alert: 'NodeMissing', receivers: ['oncall'] },
  {
    name: 'NotifierDown is emailed by Alertmanager itself, and paged through the notifier too',
    alert: 'NotifierDown',
    receivers: ['notifier-down-email', 'oncall'],
  },
  {
    name: 'NotifierOutboxDown is emailed by Alertmanager itself, and paged through the notifier once its outbox is back',
    alert: 'NotifierOutboxDown',
    receivers: ['notifier-down-email', 'oncall'],
  },
  { name: 'critical API alert pages on-call', alert: 'ApiDown', receivers: ['oncall'] },
  { name: 'SLO fast burn pages on-call', alert: 'ApiAvailabilityBudgetFastBurn', receivers: ['oncall'] },
  { name: 'SLO slow burn is a platform ticket', alert: 'ApiLatencyBudgetSlowBurn', receivers: ['platform'] },
  { name: 'warning goes to platform Slack', alert: 'NodeHighCpu', receivers: ['platform'] },
  {
    name: 'business warning goes to port managers only',
    alert: 'BerthOccupancyHigh',
    receivers: ['port-managers'],
  },
  {
    name: 'understaffed shift goes to port managers only',
    alert: 'ShiftUnderstaffed',
    receivers: ['port-managers'],
  },
  {
    name: 'critical business alert reaches port managers and on-call',
    alert: 'AisFeedSilent',
    receivers: ['port-managers', 'oncall'],
  },
  {
    name: 'info goes to platform',
    labels: { alertname: 'SomethingNew', severity: 'info', service: 'api' },
    receivers: ['platform'],
  },
  {
    name: 'unlabelled alert falls back to platform',
    labels: { alertname: 'Unlabelled' },
    receivers: ['platform'],
  },
];
