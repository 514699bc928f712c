/** What a gate check found: `detail` says what passed, or what is wrong and where. */
export interface Verdict {
  ok: boolean;
  detail: string;
}

interface Target {
  labels?: Record<string, string>;
  scrapeUrl?: string;
  health?: string;
  lastError?: string;
}
interface Rule {
  name?: string;
  health?: string;
  lastError?: string;
}
interface RuleGroup {
  name?: string;
  file?: string;
  rules?: Rule[];
}

function data<T>(body: unknown, key: string): T[] {
  const d = (body as { data?: Record<string, unknown> } | undefined)?.data;
  const list = d?.[key];
  if (!Array.isArray(list)) throw new Error(`unexpected Prometheus answer: no data.${key}`);
  return list as T[];
}

/**
 * At least `minTargets` active targets, every one up (a target not yet discovered or scraped
 * counts against it: the gate waits for Prometheus's DNS discovery and first scrape).
 */
export function targetsVerdict(body: unknown, minTargets: number): Verdict {
  const targets = data<Target>(body, 'activeTargets');
  const notUp = targets.filter((t) => t.health !== 'up');
  if (targets.length < Math.max(1, minTargets))
    return { ok: false, detail: `${targets.length} active targets, expected ${minTargets}` };
  if (notUp.length === 0) return { ok: true, detail: `${targets.length} targets up` };
  const named = notUp.map(
    (t) => `${t.labels?.job ?? '?'} ${t.scrapeUrl ?? ''} ${t.health}${t.lastError ? `: ${t.lastError}` : ''}`,
  );
  return { ok: false, detail: `${notUp.length} of ${targets.length} targets not up: ${named.join('; ')}` };
}

/** Every rule of every group evaluated without error (`unknown` until the first evaluation). */
export function rulesVerdict(body: unknown): Verdict {
  const groups = data<RuleGroup>(body, 'groups');
  const rules = groups.flatMap((g) => (g.rules ?? []).map((r) => ({ group: g.name ?? '?', ...r })));
  const bad = rules.filter((r) => r.health !== 'ok');
  if (groups.length === 0) return { ok: false, detail: 'no rule groups loaded' };
  if (bad.length === 0)
    return { ok: true, detail: `${groups.length} groups, ${rules.length} rules evaluating` };
  const named = bad
    .slice(0, 5)
    .map((r) => `${r.group}/${r.name} ${r.health}${r.lastError ? `: ${r.lastError}` : ''}`);
  return { ok: false, detail: `${bad.length} of ${rules.length} rules not ok: ${named.join('; ')}` };
}

interface Sample {
  metric?: Record<string, string>;
  value?: [number, string];
}

/**
 * The business exporter reads the database: `metric` (its database-up gauge, queried as an
 * instant vector) has at least one series and every one is 1. A target can be up while its
 * refreshes fail (it serves the last values), so "targets up" alone would not see it.
 */
export function exporterVerdict(body: unknown, metric: string): Verdict {
  const samples = data<Sample>(body, 'result');
  if (samples.length === 0) return { ok: false, detail: `no ${metric} series scraped yet` };
  const down = samples.filter((s) => s.value?.[1] !== '1');
  if (down.length === 0) return { ok: true, detail: `${samples.length} exporter(s) reading the database` };
  const named = down.map((s) => s.metric?.instance ?? '?');
  return { ok: false, detail: `${metric} is 0 on ${named.join(', ')}: its refreshes fail (see its log)` };
}
