import type { MetricDef } from './define.ts';

export type Labels = Record<string, string>;

/** Every combination of the given label domains. */
export function combinations(domains: Readonly<Record<string, readonly string[]>>): Labels[] {
  let out: Labels[] = [{}];
  for (const [name, values] of Object.entries(domains)) {
    out = out.flatMap((labels) => values.map((value) => ({ ...labels, [name]: value })));
  }
  return out;
}

/**
 * The label domains of a metric whose every label is a closed set, else undefined (an open or
 * shaped label has no list to publish). A metric without labels has one combination: `{}`.
 */
export function closedDomains(def: MetricDef): Record<string, readonly string[]> | undefined {
  const domains: Record<string, readonly string[]> = {};
  for (const name of def.labelNames) {
    const values = def.labelValues[name];
    if (values?.kind !== 'closed') return undefined;
    domains[name] = values.values;
  }
  return domains;
}

/** Every label combination the catalog declares for a metric of closed labels only, else undefined. */
export function declaredCombinations(def: MetricDef): Labels[] | undefined {
  const domains = closedDomains(def);
  return domains && combinations(domains);
}
