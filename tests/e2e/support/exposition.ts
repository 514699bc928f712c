import { catalog, thirdPartyMetrics } from '../../../lib/catalog/index.ts';
import type { Service } from '../../../lib/catalog/define.ts';

/** Metric family names (`# TYPE` lines) of a Prometheus text exposition. */
export function familiesOf(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(match[1]!, match[2]!);
  return families;
}

/**
 * The catalog against what a service really exports, both ways: catalog entries of the
 * service that are missing or of another type, and exported families that are neither in its
 * catalog group nor prom-client's default process metrics.
 */
export function catalogDrift(service: Service, text: string): { missing: string[]; undeclared: string[] } {
  const families = familiesOf(text);
  const declared = catalog.filter((m) => m.service === service);
  const missing = declared
    .filter((m) => families.get(m.name) !== m.type)
    .map(
      (m) => `${m.name} (${m.type}${families.has(m.name) ? `, exported as ${families.get(m.name)}` : ''})`,
    );
  const known = new Set<string>([...declared.map((m) => m.name), ...thirdPartyMetrics.nodejs]);
  const undeclared = [...families.keys()].filter((name) => !known.has(name));
  return { missing, undeclared };
}
