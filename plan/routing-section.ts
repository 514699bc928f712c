import { diffByKey, fieldChanges } from './field-diff.ts';
import { code, table, words } from './markdown.ts';
import type { Snapshot } from './planned-files.ts';
import { matchesAll, type RawRoute, receiversFor } from './route-tree.ts';
import { type Alert, alertLabels } from './rules-model.ts';
import { parseYaml } from './yaml.ts';

export const alertmanagerPath = 'stack/alertmanager/alertmanager.yml';

interface Inhibition {
  source_matchers?: string[];
  target_matchers?: string[];
  equal?: string[];
}

export interface Routing {
  route: RawRoute;
  inhibitions: Inhibition[];
  receivers: Map<string, unknown>;
  /** Everything else: global, the root route's own settings, time intervals, templates. */
  settings: Record<string, unknown>;
}

export function readRouting(snapshot: Snapshot): Routing {
  const config = parseYaml(snapshot.get(alertmanagerPath) ?? '') as {
    route?: RawRoute;
    inhibit_rules?: Inhibition[];
    receivers?: Array<{ name: string }>;
  } & Record<string, unknown>;
  const { route = {}, inhibit_rules = [], receivers = [], ...rest } = config;
  const { routes: _routes, ...rootSettings } = route;
  return {
    route,
    inhibitions: inhibit_rules,
    receivers: new Map(receivers.map((r) => [r.name, r])),
    settings: { ...rest, route: rootSettings },
  };
}

const describeInhibition = (i: Inhibition) =>
  `${(i.source_matchers ?? []).join(', ')} ⟶ ${(i.target_matchers ?? []).join(', ')} (equal: ${(i.equal ?? []).join(', ') || 'none'})`;

/** Child routes, one line each, indented by depth: the tree a reviewer reads. */
function routeLines(route: RawRoute, depth = 0): string[] {
  return (route.routes ?? []).flatMap((child) => [
    `${'  '.repeat(depth)}${(child.matchers ?? []).join(', ') || '(any)'} → ${child.receiver ?? '(inherited)'}${child.continue ? ' (continue)' : ''}`,
    ...routeLines(child, depth + 1),
  ]);
}

/**
 * The alerts an inhibition suppresses, as `` `Target` (by `Source`) ``: a target matches the target
 * matchers, a source (another alert) the source matchers, and the `equal` labels both alerts
 * carry statically agree (labels the expression adds are assumed to agree at run time).
 */
function suppressed(inhibition: Inhibition, alerts: readonly Alert[]): string[] {
  const labelled = alerts.map((a) => ({ name: a.name, labels: alertLabels(a) }));
  return labelled
    .filter((t) => matchesAll(inhibition.target_matchers, t.labels))
    .flatMap((t) => {
      const sources = labelled.filter(
        (s) =>
          s.name !== t.name &&
          matchesAll(inhibition.source_matchers, s.labels) &&
          (inhibition.equal ?? []).every(
            (l) => s.labels[l] === undefined || t.labels[l] === undefined || s.labels[l] === t.labels[l],
          ),
      );
      return sources.length ? [`${code(t.name)} (by ${sources.map((s) => code(s.name)).join(', ')})`] : [];
    });
}

export function routingSection(
  before: Routing,
  after: Routing,
  alertsBefore: ReadonlyMap<string, Alert>,
  alertsAfter: ReadonlyMap<string, Alert>,
): string[] {
  const lines: string[] = [];
  const reach = [...alertsAfter.values()].flatMap((alert) => {
    const old = alertsBefore.get(alert.name);
    const was = old ? receiversFor(before.route, alertLabels(old)).join(', ') : '(new alert)';
    const now = receiversFor(after.route, alertLabels(alert)).join(', ');
    return was === now ? [] : [[code(alert.name), was, now]];
  });
  if (reach.length)
    lines.push('**Receivers reached**', '', ...table(['Alert', 'Before', 'After'], reach), '');

  const routesBefore = routeLines(before.route);
  const routesAfter = routeLines(after.route);
  const routeChanges = [
    ...routesAfter.filter((r) => !routesBefore.includes(r)).map((r) => `- route added: ${code(r.trim())}`),
    ...routesBefore.filter((r) => !routesAfter.includes(r)).map((r) => `- route removed: ${code(r.trim())}`),
  ];
  if (routeChanges.length) lines.push(...routeChanges, '');

  const receivers = diffByKey(before.receivers, after.receivers);
  const receiverLines = [
    ...receivers.added.map(([name]) => `- receiver added: ${code(name)}`),
    ...receivers.removed.map(([name]) => `- receiver removed: ${code(name)}`),
    ...receivers.changed.flatMap(([name, b, a]) =>
      fieldChanges(b, a).map(
        (c) =>
          `- receiver ${code(name)}: ${c.field} ${code(c.before ?? '(unset)')} → ${code(c.after ?? '(unset)')}`,
      ),
    ),
  ];
  if (receiverLines.length) lines.push(...receiverLines, '');

  const inhibitionLines = inhibitionChanges(
    before,
    after,
    [...alertsBefore.values()],
    [...alertsAfter.values()],
  );
  if (inhibitionLines.length) lines.push('**Inhibitions**', '', ...inhibitionLines, '');

  const settings = fieldChanges(before.settings, after.settings).map(
    (c) => `- ${c.field}: ${code(c.before ?? '(unset)')} → ${code(c.after ?? '(unset)')}`,
  );
  if (settings.length) lines.push('**Alertmanager settings**', '', ...settings, '');
  return lines.length ? ['### Routing', '', ...lines] : [];
}

const sameSource = (a: Inhibition, b: Inhibition) =>
  (a.source_matchers ?? []).join() === (b.source_matchers ?? []).join();

function suppressionChange(was: string[], now: string[]): string {
  const gained = now.filter((s) => !was.includes(s));
  const lost = was.filter((s) => !now.includes(s));
  return [
    gained.length ? `now also suppresses ${words(gained)}` : '',
    lost.length ? `no longer suppresses ${words(lost)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Inhibitions added, removed, and changed (an added one with the same source as a removed
 * one), each with what it suppresses among the alerts the project defines; and unchanged ones
 * whose suppressed alerts changed because the alerts did.
 */
function inhibitionChanges(
  before: Routing,
  after: Routing,
  alertsBefore: Alert[],
  alertsAfter: Alert[],
): string[] {
  const keyed = (r: Routing) => new Map(r.inhibitions.map((i) => [describeInhibition(i), i]));
  const old = keyed(before);
  const diff = diffByKey(old, keyed(after));
  const removed = [...diff.removed];
  const lines: string[] = [];
  for (const [key, i] of diff.added) {
    const now = suppressed(i, alertsAfter);
    const at = removed.findIndex(([, r]) => sameSource(r, i));
    if (at < 0) {
      lines.push(
        `- added ${code(key)}: suppresses ${now.length ? words(now) : 'none of the defined alerts'}`,
      );
      continue;
    }
    const [[oldKey, was]] = removed.splice(at, 1) as [[string, Inhibition]];
    const change = suppressionChange(suppressed(was, alertsBefore), now);
    lines.push(`- changed ${code(oldKey)} → ${code(key)}${change ? `: ${change}` : ''}`);
  }
  lines.push(...removed.map(([key]) => `- removed ${code(key)}`));
  for (const [key, i] of keyed(after)) {
    const was = old.get(key);
    const change = was && suppressionChange(suppressed(was, alertsBefore), suppressed(i, alertsAfter));
    if (change) lines.push(`- ${code(key)}: ${change}`);
  }
  return lines;
}
