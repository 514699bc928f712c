import { load } from 'js-yaml';
import { queryRange } from '../../drills/history/prometheus-on-history.ts';
import type { RuleFile } from '../../local-platform/prometheus.ts';
import { recording, sloTile, toSeconds, type SloWindow } from '../../lib/monitoring/index.ts';

interface Rule {
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface SloAgreement {
  slo: string;
  window: SloWindow;
  /** Times compared (hourly where the window fits in the history, only its end for 30 d). */
  points: number;
  /** Times where the raw ratio was 0 or missing: no relative difference there. */
  skipped: number;
  maxRelativeDifference: number;
  at: string;
  raw: number;
  recorded: number;
}

const rulesOf = (files: readonly RuleFile[]) =>
  files.flatMap((f) => (load(f.content) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));

/** The first series' samples of `expr`, by unix second. */
async function series(url: string, expr: string, start: number, end: number, stepS: number) {
  const [first] = await queryRange(url, expr, { start, end, stepS });
  return new Map((first?.values ?? []).map(([t, v]) => [t, Number(v)]));
}

/** When the tiles' group last evaluated at or before `t` (unix seconds, with its fraction). */
async function lastTileAt(url: string, slo: string, t: number): Promise<number> {
  const at = await series(url, `timestamp(${recording.sliErrorTile}{slo="${slo}"})`, t, t, 1);
  const tile = at.get(t);
  if (tile === undefined || !(tile > t - toSeconds(sloTile)))
    throw new Error(
      `no ${recording.sliErrorTile}{slo="${slo}"} tile in the 5 minutes before ${t}: backfilled?`,
    );
  return tile;
}

/**
 * The long SLO windows as the rules compute them (the 5-minute tiles summed over the window)
 * against the raw computation (the same bad and all events' rate over the whole window, from the
 * counters), at the same times, on the history with the tiles backfilled: the largest relative
 * difference per SLO and window. The times are the tiles' own evaluation times (their group's
 * grid: Prometheus, and promtool backfilling, offset a group's evaluations within its interval by
 * a hash of its name): the last tile at or before each `stepS` from `start`, `stepS` a multiple
 * of the tile. Only there does the ratio hold the window's tiles exactly, as its group records it.
 */
export async function compareSloWindows(o: {
  url: string;
  rules: readonly RuleFile[];
  windows: readonly SloWindow[];
  start: number;
  end: number;
  stepS: number;
}): Promise<SloAgreement[]> {
  const rules = rulesOf(o.rules);
  const find = (name: string, slo: string) => {
    const rule = rules.find((r) => r.record === name && r.labels?.slo === slo);
    if (!rule) throw new Error(`no rule records ${name}{slo="${slo}"}`);
    return rule.expr;
  };
  const slos = rules.filter((r) => r.record === recording.sliErrorRate5m).map((r) => r.labels?.slo ?? '');
  const out: SloAgreement[] = [];
  for (const slo of slos) {
    for (const window of o.windows) {
      const over = (expr: string) => expr.replaceAll('[5m]', `[${window}]`);
      const raw = `(${over(find(recording.sliErrorRate5m, slo))}) / (${over(find(recording.sliRequestRate5m, slo))})`;
      const recorded = find(recording.sliErrorRatio(window), slo);
      const first = await lastTileAt(o.url, slo, Math.min(o.start + toSeconds(window) + o.stepS, o.end));
      const [a, b] = await Promise.all([
        series(o.url, raw, first, o.end, o.stepS),
        series(o.url, recorded, first, o.end, o.stepS),
      ]);
      const worst = { rel: 0, t: o.end, raw: NaN, recorded: NaN };
      let points = 0;
      let skipped = 0;
      for (const [t, r] of a) {
        const rec = b.get(t);
        if (!(r > 0) || rec === undefined || Number.isNaN(rec)) {
          skipped++;
          continue;
        }
        points++;
        const rel = Math.abs(rec - r) / r;
        if (rel >= worst.rel) Object.assign(worst, { rel, t, raw: r, recorded: rec });
      }
      out.push({
        slo,
        window,
        points,
        skipped,
        // No point compared (e.g. the recordings missing) is no agreement: NaN misses the goal.
        maxRelativeDifference: points ? worst.rel : NaN,
        at: new Date(worst.t * 1000).toISOString(),
        raw: worst.raw,
        recorded: worst.recorded,
      });
    }
  }
  return out;
}
