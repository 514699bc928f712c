import type { Check, Problem } from '../../lib/validation.ts';
import { alertLabels } from '../build/annotations.ts';
import { silences as declaredSilences } from '../silences/silences.ts';
import { maxSilenceDays, type SilenceMatcherSpec, type SilenceSpec } from '../silences/spec.ts';
import { allAlerts, type RulesModel } from './model.ts';

const file = 'rules/silences/silences.ts';
const dayMs = 86_400_000;

/**
 * Whether a matcher can hold for an alert with these fixed labels. `ruleLabels` are the names some
 * rule sets (alertname, severity, service, team): an alert without one has it empty, as
 * Alertmanager sees it. Any other label (instance, job, berth...) comes from the series at run
 * time: it may hold.
 */
function mayHold(m: SilenceMatcherSpec, labels: Record<string, string>, ruleLabels: Set<string>): boolean {
  if (!ruleLabels.has(m.name)) return true;
  const value = labels[m.name] ?? '';
  // Alertmanager anchors its regular expressions at both ends.
  const holds =
    m.op === '=' || m.op === '!=' ? value === m.value : new RegExp(`^(?:${m.value})$`).test(value);
  return m.op === '=' || m.op === '=~' ? holds : !holds;
}

function problemsOf(spec: SilenceSpec, model: RulesModel, now: Date): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(spec.name)) problems.push('name: lower-case words joined by dashes');
  for (const field of ['owner', 'reason', 'ticket'] as const)
    if (!spec[field].trim())
      problems.push(`${field}: required (who answers for it, why, and where it was decided)`);
  if (spec.matchers.length === 0)
    problems.push('matchers: at least one (a silence without any mutes nothing)');
  const bad = spec.matchers.filter((m) => m.op.includes('~')).find((m) => !validRegex(m.value));
  if (bad) return [...problems, `matcher ${bad.name}${bad.op}"${bad.value}": not a valid regular expression`];

  const endsAt = Date.parse(spec.endsAt);
  if (!/(Z|[+-]\d\d:\d\d)$/.test(spec.endsAt) || Number.isNaN(endsAt))
    problems.push(`endsAt ${spec.endsAt}: an ISO 8601 time with its zone (e.g. 2026-12-10T18:00:00Z)`);
  else if (endsAt <= now.getTime())
    problems.push(
      `ended at ${spec.endsAt}: remove it (or extend it, with a reason, by at most ${maxSilenceDays} days)`,
    );
  else if (endsAt > now.getTime() + maxSilenceDays * dayMs)
    problems.push(
      `ends ${spec.endsAt}, more than ${maxSilenceDays} days ahead: a silence that long outlives its reason`,
    );

  const alerts = allAlerts(model).map(({ alert }) => ({
    alert,
    labels: { alertname: alert.name, ...alertLabels(alert) } as Record<string, string>,
  }));
  const ruleLabels = new Set(alerts.flatMap(({ labels }) => Object.keys(labels)));
  const muted = alerts.filter(({ labels }) => spec.matchers.every((m) => mayHold(m, labels, ruleLabels)));
  if (muted.length === 0)
    problems.push('matches no alert that the rule files define (a renamed alert or label?)');
  const pages = muted.filter(({ alert }) => alert.severity === 'critical').map(({ alert }) => alert.name);
  if (pages.length > 0 && !spec.mutesCriticalBecause?.trim())
    problems.push(
      `can mute critical pages (${pages.slice(0, 5).join(', ')}${pages.length > 5 ? ', ...' : ''}): say why in mutesCriticalBecause, or narrow its matchers`,
    );
  return problems;
}

function validRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Declared silences: current, short, aimed at alerts that exist, and open about muting pages. */
export const silencesCheck = (
  model: RulesModel,
  silences: readonly SilenceSpec[] = declaredSilences,
  now: () => Date = () => new Date(),
): Check => ({
  name: 'silences are current and aimed at defined alerts',
  run: async () => {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (const spec of silences) {
      if (seen.has(spec.name))
        problems.push({ file, where: spec.name, message: 'declared twice (names are unique)' });
      seen.add(spec.name);
      for (const message of problemsOf(spec, model, now()))
        problems.push({ file, where: spec.name, message });
    }
    return problems;
  },
});
