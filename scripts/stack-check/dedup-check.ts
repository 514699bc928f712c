// What the GitHub Actions stack check asks Thanos Query over the Prometheus pair
// (thanos-check.ts, after thanos-up.sh), as functions the local suite runs on real Prometheus
// answers (dedup-check.test.ts): every series once with deduplication, no `replica` label on it,
// and both replicas' series without deduplication, so that a Query that merges nothing, or reads
// one replica only, fails the check.
import { replicaLabel } from '../../lib/monitoring/index.ts';

/** An answer of /api/v1/query (Prometheus' HTTP API, which Thanos Query implements). */
export interface QueryAnswer {
  status: string;
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
  /** Thanos Query: a store that did not answer (partial response); Prometheus: a remote read that failed. */
  warnings?: string[];
}

/** Asks one instant query, with (`dedup=true`) or without (`dedup=false`) deduplication. */
export type Ask = (query: string, dedup: boolean) => Promise<QueryAnswer>;

export interface PairOptions {
  /** The replica label Thanos Query deduplicates on (`--query.replica-label`). */
  replicaLabel: string;
  /** Its values, one per Prometheus of the pair. */
  replicas: readonly string[];
}

/** The stack's pair: `replica` a and b (lib/monitoring/replicas.ts, docker-stack.yml). */
export const stackPair: PairOptions = { replicaLabel, replicas: ['a', 'b'] };

export interface QueryVerdict {
  query: string;
  /** Series in the deduplicated answer. */
  deduplicated: number;
  /** Series per replica in the answer without deduplication. */
  perReplica: Record<string, number>;
  problems: string[];
}

interface Series {
  metric: Record<string, string>;
}

/** A label set as one string, without the replica label, in label-name order. */
function seriesKey(metric: Record<string, string>, without: string): string {
  const names = Object.keys(metric)
    .filter((name) => name !== without)
    .sort();
  return `{${names.map((name) => `${name}=${JSON.stringify(metric[name])}`).join(', ')}}`;
}

const examples = (keys: string[]) =>
  keys.slice(0, 3).join('; ') + (keys.length > 3 ? ` and ${keys.length - 3} more` : '');

/** The series of an answer, or what is wrong with it (an error, a warning, not a vector). */
function seriesOf(answer: QueryAnswer, where: string, problems: string[]): Series[] | undefined {
  if (answer.status !== 'success') {
    problems.push(`${where}: ${answer.errorType ?? 'error'}: ${answer.error ?? `status ${answer.status}`}`);
    return undefined;
  }
  for (const warning of answer.warnings ?? [])
    problems.push(`${where}: warning (a store or replica did not answer): ${warning}`);
  if (answer.data?.resultType !== 'vector' || !Array.isArray(answer.data.result)) {
    problems.push(`${where}: expected a vector, got ${answer.data?.resultType ?? 'no data'}`);
    return undefined;
  }
  return answer.data.result as Series[];
}

/**
 * Compares the answers to one query with and without deduplication. Without: every series carries
 * the replica label, every replica answered, and each has the same series as the others. With:
 * no series carries the replica label, none appears twice, and the series are those of the
 * replicas with the label taken off (as many as one replica alone has).
 */
export function compareAnswers(
  query: string,
  deduplicatedAnswer: QueryAnswer,
  rawAnswer: QueryAnswer,
  pair: PairOptions = stackPair,
): QueryVerdict {
  const label = pair.replicaLabel;
  const problems: string[] = [];
  const perReplica: Record<string, number> = Object.fromEntries(pair.replicas.map((r) => [r, 0]));
  const verdict = (deduplicated: number): QueryVerdict => ({ query, deduplicated, perReplica, problems });

  const raw = seriesOf(rawAnswer, `${query} (dedup=false)`, problems);
  const deduplicated = seriesOf(deduplicatedAnswer, `${query} (dedup=true)`, problems);

  // Without deduplication: each replica's series, by label set without the replica label.
  const byReplica = new Map<string, Set<string>>(pair.replicas.map((r) => [r, new Set()]));
  if (raw) {
    if (raw.length === 0) problems.push(`${query} (dedup=false): no series at all`);
    const unlabelled: string[] = [];
    const strangers = new Set<string>();
    for (const { metric } of raw) {
      const replica = metric[label];
      const key = seriesKey(metric, label);
      if (replica === undefined) unlabelled.push(key);
      else if (!byReplica.has(replica)) strangers.add(replica);
      else {
        const keys = byReplica.get(replica)!;
        if (keys.has(key)) problems.push(`${query} (dedup=false): ${key} twice from replica ${replica}`);
        keys.add(key);
      }
    }
    if (unlabelled.length)
      problems.push(
        `${query} (dedup=false): ${unlabelled.length} series without the ${label} label (a Prometheus without ` +
          `the external label ${label}?): ${examples(unlabelled)}`,
      );
    if (strangers.size)
      problems.push(
        `${query} (dedup=false): series from ${label}=${[...strangers].sort().join(', ')}, ` +
          `expected only ${pair.replicas.join(', ')}`,
      );
    for (const [replica, keys] of byReplica) perReplica[replica] = keys.size;
    if (raw.length > 0) {
      for (const [replica, keys] of byReplica)
        if (keys.size === 0)
          problems.push(
            `${query} (dedup=false): nothing from ${label}=${replica}: its Prometheus or sidecar is not ` +
              `answering Thanos Query, so the merged view is one replica's`,
          );
      const [first, ...others] = pair.replicas;
      const firstKeys = byReplica.get(first!)!;
      for (const other of others) {
        const otherKeys = byReplica.get(other)!;
        if (firstKeys.size === 0 || otherKeys.size === 0) continue;
        const onlyFirst = [...firstKeys].filter((k) => !otherKeys.has(k));
        const onlyOther = [...otherKeys].filter((k) => !firstKeys.has(k));
        if (onlyFirst.length)
          problems.push(
            `${query} (dedup=false): ${onlyFirst.length} series only on replica ${first}: ${examples(onlyFirst)}`,
          );
        if (onlyOther.length)
          problems.push(
            `${query} (dedup=false): ${onlyOther.length} series only on replica ${other}: ${examples(onlyOther)}`,
          );
      }
    }
  }

  if (!deduplicated) return verdict(0);
  // With deduplication: no replica label, each series once, the replicas' series exactly.
  const carrying = deduplicated.filter(({ metric }) => label in metric);
  if (carrying.length)
    problems.push(
      `${query} (dedup=true): ${carrying.length} of ${deduplicated.length} series still carry the ${label} label ` +
        `(${[...new Set(carrying.map(({ metric }) => metric[label]))].sort().join(', ')}): Thanos Query is not ` +
        `deduplicating on it (--query.replica-label=${label})`,
    );
  const seen = new Map<string, number>();
  for (const { metric } of deduplicated) {
    const key = seriesKey(metric, label);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const twice = [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
  if (twice.length)
    problems.push(`${query} (dedup=true): ${twice.length} series appear more than once: ${examples(twice)}`);
  if (raw && raw.length > 0) {
    const union = new Set([...byReplica.values()].flatMap((keys) => [...keys]));
    const missing = [...union].filter((key) => !seen.has(key));
    const extra = [...seen.keys()].filter((key) => !union.has(key));
    if (missing.length)
      problems.push(
        `${query} (dedup=true): ${missing.length} series of the replicas missing: ${examples(missing)}`,
      );
    if (extra.length)
      problems.push(`${query} (dedup=true): ${extra.length} series that no replica has: ${examples(extra)}`);
  }
  return verdict(deduplicated.length);
}

/** Asks each query with and without deduplication and compares the answers. */
export async function checkPair(
  ask: Ask,
  queries: readonly string[],
  pair: PairOptions = stackPair,
): Promise<QueryVerdict[]> {
  const verdicts: QueryVerdict[] = [];
  for (const query of queries) {
    const [deduplicated, raw] = await Promise.all([ask(query, true), ask(query, false)]);
    verdicts.push(compareAnswers(query, deduplicated, raw, pair));
  }
  return verdicts;
}

/**
 * Asks a Prometheus HTTP API (Thanos Query's) at `base`, with Thanos' `dedup` parameter. An
 * answer that is not the API's JSON (a proxy's error page, a refused connection) becomes an
 * error answer saying so, so the check reports it like any other problem.
 */
export function queryApi(base: string, timeoutMs = 15_000): Ask {
  return async (query, dedup) => {
    const url = new URL('/api/v1/query', base);
    url.searchParams.set('query', query);
    url.searchParams.set('dedup', String(dedup));
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      try {
        return JSON.parse(text) as QueryAnswer;
      } catch {
        return { status: 'error', errorType: `HTTP ${res.status}`, error: text.slice(0, 200) };
      }
    } catch (err) {
      // fetch's own message is "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
      const { message, cause } = err as Error & { cause?: { code?: string; message?: string } };
      const why = cause ? ` (${cause.code ?? cause.message})` : '';
      return { status: 'error', errorType: 'unreachable', error: `${url.origin}: ${message}${why}` };
    }
  };
}

/** The verdicts as Markdown: a table of counts, then every problem. */
export function pairReport(verdicts: readonly QueryVerdict[], pair: PairOptions = stackPair): string[] {
  const problems = verdicts.flatMap((v) => v.problems);
  return [
    `| query | dedup=true | ${pair.replicas.map((r) => `${pair.replicaLabel}=${r} (dedup=false)`).join(' | ')} |`,
    `| --- | --- | ${pair.replicas.map(() => '---').join(' | ')} |`,
    ...verdicts.map(
      (v) =>
        `| \`${v.query}\` | ${v.deduplicated} | ${pair.replicas.map((r) => v.perReplica[r] ?? 0).join(' | ')} |`,
    ),
    '',
    problems.length ? `### ${problems.length} problem(s)` : 'No problems.',
    ...problems.map((p) => `- ${p}`),
  ];
}
