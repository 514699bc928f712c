import { diffByKey } from './field-diff.ts';
import { code, names } from './markdown.ts';
import { matchesAll } from './route-tree.ts';
import { type Alert, alertLabels } from './rules-model.ts';

export interface Inhibition {
  source_matchers?: string[];
  target_matchers?: string[];
  equal?: string[];
}

/** One side: its inhibit rules and the alerts the project defines there. */
export type Side = [inhibitions: readonly Inhibition[], alerts: readonly Alert[]];

const describe = (i: Inhibition) =>
  `${(i.source_matchers ?? []).join(', ')} ⟶ ${(i.target_matchers ?? []).join(', ')} (equal: ${(i.equal ?? []).join(', ') || 'none'})`;

/**
 * The alerts an inhibition suppresses, each with the alerts that suppress it: a target matches
 * the target matchers, a source (another alert) the source matchers, and the `equal` labels both
 * carry statically agree (labels the expression adds are assumed to agree at run time).
 */
function suppressed(inhibition: Inhibition, alerts: readonly Alert[]): Map<string, string[]> {
  const labelled = alerts.map((a) => ({ name: a.name, labels: alertLabels(a) }));
  const found = new Map<string, string[]>();
  for (const t of labelled.filter((a) => matchesAll(inhibition.target_matchers, a.labels))) {
    const sources = labelled.filter(
      (s) =>
        s.name !== t.name &&
        matchesAll(inhibition.source_matchers, s.labels) &&
        (inhibition.equal ?? []).every(
          (l) => s.labels[l] === undefined || t.labels[l] === undefined || s.labels[l] === t.labels[l],
        ),
    );
    if (sources.length)
      found.set(
        t.name,
        sources.map((s) => s.name),
      );
  }
  return found;
}

/** Any one of the sources suppresses: named up to three, then counted. */
const whileFiring = (sources: readonly string[]) =>
  sources.length > 3
    ? `while ${sources.slice(0, 3).map(code).join(', ')} or ${sources.length - 3} more fire`
    : `while ${names(sources, 'or')} fires`;

/**
 * Targets grouped by the alerts that suppress them: one clause when there is one group,
 * indented lines under the item when there are more.
 */
function grouped(verb: string, targets: ReadonlyMap<string, string[]>): string[] {
  const groups = new Map<string, { sources: string[]; targets: string[] }>();
  for (const [target, sources] of targets) {
    const group = groups.get(sources.join()) ?? { sources, targets: [] };
    group.targets.push(target);
    groups.set(sources.join(), group);
  }
  const clauses = [...groups.values()].map((g) => `${names(g.targets)} ${whileFiring(g.sources)}`);
  if (clauses.length === 1) return [`${verb} ${clauses[0]}`];
  return [`${verb} ${targets.size} alerts:`, ...clauses.map((c) => `  - ${c}`)];
}

function suppressionChange(was: ReadonlyMap<string, string[]>, now: ReadonlyMap<string, string[]>): string[] {
  const gained = new Map([...now].filter(([t]) => !was.has(t)));
  const lost = new Map([...was].filter(([t]) => !now.has(t)));
  const lines = gained.size ? grouped('now also suppresses', gained) : [];
  if (lost.size) lines.push(`${lines.length ? '  - ' : ''}no longer suppresses ${names([...lost.keys()])}`);
  return lines;
}

/** `- head: first`, then the rest of the lines below it. */
const item = (head: string, [first, ...rest]: string[]) => [
  first ? `- ${head}: ${first}` : `- ${head}`,
  ...rest,
];

/**
 * Inhibitions added, removed, and changed (an added one with the same source matchers as a
 * removed one), each with what it suppresses among the alerts the project defines; and
 * unchanged ones whose suppressed alerts changed because the alerts did.
 */
export function inhibitionChanges([before, alertsBefore]: Side, [after, alertsAfter]: Side): string[] {
  const keyed = (list: readonly Inhibition[]) => new Map(list.map((i) => [describe(i), i]));
  const old = keyed(before);
  const diff = diffByKey(old, keyed(after));
  const removed = [...diff.removed];
  const lines: string[] = [];
  for (const [key, i] of diff.added) {
    const now = suppressed(i, alertsAfter);
    const source = (r: Inhibition) => (r.source_matchers ?? []).join() === (i.source_matchers ?? []).join();
    const at = removed.findIndex(([, r]) => source(r));
    if (at < 0) {
      lines.push(
        ...item(
          `added ${code(key)}`,
          now.size ? grouped('suppresses', now) : ['suppresses none of the defined alerts'],
        ),
      );
      continue;
    }
    const [[oldKey, was]] = removed.splice(at, 1) as [[string, Inhibition]];
    lines.push(
      ...item(
        `changed ${code(oldKey)} → ${code(key)}`,
        suppressionChange(suppressed(was, alertsBefore), now),
      ),
    );
  }
  lines.push(...removed.map(([key]) => `- removed ${code(key)}`));
  for (const [key, i] of keyed(after)) {
    const was = old.get(key);
    const change = was ? suppressionChange(suppressed(was, alertsBefore), suppressed(i, alertsAfter)) : [];
    if (change.length) lines.push(...item(code(key), change));
  }
  return lines;
}
