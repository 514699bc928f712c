import { spread, type Spread } from '../lib/rounds.ts';
import { pollRuleGroups, type RuleGroupCost } from './rule-groups.ts';

export interface RuleGroupFigure {
  name: string;
  intervalSeconds: number;
  /** Polled last evaluation times over the run. */
  lastDurationSeconds: Spread;
  /** The largest polled evaluation time over the interval (judged against 10%). */
  shareOfInterval: number;
  missedIterations: number;
}

/**
 * Lets Prometheus evaluate its rules for `minutes`, polling each group's last evaluation time
 * every evaluation interval, then reports each group's worst share of its interval and its
 * missed iterations.
 */
export async function measureRuleGroups(
  url: string,
  minutes: number,
  evaluationS: number,
  log: (line: string) => void,
): Promise<RuleGroupFigure[]> {
  const groups = new Map<string, RuleGroupCost>();
  const until = Date.now() + minutes * 60_000;
  let next = Date.now();
  while (Date.now() < until) {
    await pollRuleGroups(url, groups);
    next += evaluationS * 1000;
    if (Math.round((until - Date.now()) / 1000) % 300 < evaluationS)
      log(`  rules: ${Math.round((until - Date.now()) / 60_000)} min to go, ${groups.size} groups seen`);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await pollRuleGroups(url, groups);
  return [...groups.values()]
    .filter((g) => g.durations.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((g) => {
      const durations = spread(g.durations);
      return {
        name: g.name,
        intervalSeconds: g.intervalSeconds,
        lastDurationSeconds: durations,
        shareOfInterval: durations.max / g.intervalSeconds,
        missedIterations: g.missedIterations,
      };
    });
}
