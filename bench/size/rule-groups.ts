import { selfMetric } from '../../drills/history/prometheus-on-history.ts';

/**
 * Rule groups' cost as Prometheus reports it: each group's last evaluation time, polled through
 * the run (so a slow evaluation between polls of a faster one is still seen at the next poll),
 * its interval, and the iterations it missed by the end.
 */
export interface RuleGroupCost {
  name: string;
  intervalSeconds: number;
  /** Every polled `prometheus_rule_group_last_duration_seconds`. */
  durations: number[];
  missedIterations: number;
}

/** `rule_group="<file path>;<group>"` to `<file name>;<group>` (the run folder says nothing). */
const groupOf = (labels: string) => (/rule_group="([^"]*)"/.exec(labels)?.[1] ?? labels).replace(/^.*\//, '');

export async function pollRuleGroups(url: string, into: Map<string, RuleGroupCost>): Promise<void> {
  const [durations, intervals, missed] = await Promise.all([
    selfMetric(url, 'prometheus_rule_group_last_duration_seconds'),
    selfMetric(url, 'prometheus_rule_group_interval_seconds'),
    selfMetric(url, 'prometheus_rule_group_iterations_missed_total'),
  ]);
  for (const { labels, value } of intervals) {
    const name = groupOf(labels);
    const group = into.get(name) ?? { name, intervalSeconds: value, durations: [], missedIterations: 0 };
    group.intervalSeconds = value;
    into.set(name, group);
  }
  for (const { labels, value } of durations) into.get(groupOf(labels))?.durations.push(value);
  for (const { labels, value } of missed) {
    const group = into.get(groupOf(labels));
    if (group) group.missedIterations = value;
  }
}
