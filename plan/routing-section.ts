import { diffByKey, fieldChanges } from './field-diff.ts';
import { code, table } from './markdown.ts';
import type { Snapshot } from './planned-files.ts';
import { type Inhibition, inhibitionChanges } from './inhibitions.ts';
import { type RawRoute, receiversFor } from './route-tree.ts';
import { type Alert, alertLabels } from './rules-model.ts';
import { parseYaml } from './yaml.ts';

export const alertmanagerPath = 'stack/alertmanager/alertmanager.yml';

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

/** Child routes, one line each, indented by depth: the tree a reviewer reads. */
function routeLines(route: RawRoute, depth = 0): string[] {
  return (route.routes ?? []).flatMap((child) => [
    `${'  '.repeat(depth)}${(child.matchers ?? []).join(', ') || '(any)'} → ${child.receiver ?? '(inherited)'}${child.continue ? ' (continue)' : ''}`,
    ...routeLines(child, depth + 1),
  ]);
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
  if (reach.length) {
    const same = alertsAfter.size - reach.length;
    lines.push('**Receivers reached**', '', ...table(['Alert', 'Before', 'After'], reach), '');
    if (same) lines.push(`The other ${same} alerts reach the same receivers as before.`, '');
  }

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
    [before.inhibitions, [...alertsBefore.values()]],
    [after.inhibitions, [...alertsAfter.values()]],
  );
  if (inhibitionLines.length) lines.push('**Inhibitions**', '', ...inhibitionLines, '');

  const settings = fieldChanges(before.settings, after.settings).map(
    (c) => `- ${c.field}: ${code(c.before ?? '(unset)')} → ${code(c.after ?? '(unset)')}`,
  );
  if (settings.length) lines.push('**Alertmanager settings**', '', ...settings, '');
  return lines.length ? ['### Routing', '', ...lines] : [];
}
