/** A route of the configuration as Alertmanager reads it (other settings kept as they are). */
export interface RouteNode {
  receiver: string;
  matchers?: readonly string[];
  routes?: readonly RouteNode[];
}

export interface InhibitRule {
  source_matchers: readonly string[];
  target_matchers: readonly string[];
  equal: readonly string[];
}

/** The parts of alertmanager.yml that routing and inhibition consist of. */
export interface RoutingConfig {
  route: RouteNode;
  inhibit_rules: readonly InhibitRule[];
  receivers: readonly { name: string }[];
}

/** A deliberately broken copy of the routing, which some route or inhibition case must reject. */
export interface RoutingMutant {
  /** What was broken, for the report: e.g. "route 4 (port-managers): without matcher team=...". */
  what: string;
  config: RoutingConfig;
}

/**
 * The mutants of a routing configuration: for every route (the root included) its receiver
 * changed to the next receiver of the list, and each of its matchers dropped; every inhibition
 * removed (some case must need its mute), each of its source and target matchers dropped, and its
 * `equal` list emptied (some case must need it not to mute).
 */
export function routingMutants(config: RoutingConfig): RoutingMutant[] {
  const mutants: RoutingMutant[] = [];
  const names = config.receivers.map((r) => r.name);
  const next = (name: string) => names[(names.indexOf(name) + 1) % names.length] as string;
  const without = <T>(list: readonly T[], i: number) => list.filter((_, j) => j !== i);
  const replaced = <T>(list: readonly T[], i: number, value: T) => list.map((x, j) => (j === i ? value : x));

  const walk = (node: RouteNode, path: number[], put: (node: RouteNode) => RoutingConfig) => {
    const name = path.length
      ? `route ${path.join('.')} (${node.receiver})`
      : `the root route (${node.receiver})`;
    const other = next(node.receiver);
    mutants.push({ what: `${name}: receiver ${other} instead`, config: put({ ...node, receiver: other }) });
    const matchers = node.matchers ?? [];
    matchers.forEach((m, i) =>
      mutants.push({
        what: `${name}: without matcher ${m}`,
        config: put({ ...node, matchers: without(matchers, i) }),
      }),
    );
    const routes = node.routes ?? [];
    routes.forEach((child, i) =>
      walk(child, [...path, i + 1], (changed) => put({ ...node, routes: replaced(routes, i, changed) })),
    );
  };
  walk(config.route, [], (route) => ({ ...config, route }));

  config.inhibit_rules.forEach((rule, i) => {
    const name = `inhibition ${i + 1} (${rule.source_matchers.join(', ')})`;
    const put = (changed: InhibitRule) => ({
      ...config,
      inhibit_rules: replaced(config.inhibit_rules, i, changed),
    });
    mutants.push({
      what: `${name}: removed`,
      config: { ...config, inhibit_rules: without(config.inhibit_rules, i) },
    });
    for (const side of ['source_matchers', 'target_matchers'] as const)
      rule[side].forEach((m, j) =>
        mutants.push({
          what: `${name}: without ${side.replace('_matchers', '')} matcher ${m}`,
          config: put({ ...rule, [side]: without(rule[side], j) }),
        }),
      );
    if (rule.equal.length)
      mutants.push({
        what: `${name}: equal [] instead of [${rule.equal.join(', ')}]`,
        config: put({ ...rule, equal: [] }),
      });
  });
  return mutants;
}

/**
 * Mutants that no case can catch because Alertmanager behaves exactly as before, each with why.
 * The mutation check accepts these surviving, and fails when one is caught or no longer made
 * (then delete it here).
 */
export const equivalentMutants: Readonly<Record<string, string>> = {
  'route 7 (platform): without matcher severity=~"warning|info"':
    'the last route sends to platform, the root receiver: without its matcher it takes what the root would take, with the same settings',
  'inhibition 1 (alertname="NodeDown"): without source matcher alertname="NodeDown"':
    'Alertmanager never lets an alert that matches both sides of a rule mute another: every alert a source, only those outside the target side (NodeDown) can still mute',
  'inhibition 1 (alertname="NodeDown"): without target matcher alertname!="NodeDown"':
    'Alertmanager never lets an alert that matches both sides of a rule mute another: a NodeDown then matches both and mutes no NodeDown, as before',
};
