import { load } from 'js-yaml';
import { queryRange } from '../../drills/history/prometheus-on-history.ts';
import type { RuleFile } from '../../local-platform/prometheus.ts';
import { recording, toSeconds, type SloWindow } from '../../lib/monitoring/index.ts';

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
  /**
   * The same over the times whose window edges (5 minutes either side of its start, its last
   * 5 minutes) meet no placed incident. The 5m recordings weigh the 5 minutes before the window
   * in and its last 5 minutes partly out (2.5 minutes each, on average): the two cancel unless
   * the bad events at one edge differ from those at the other, as when an incident sits at one.
   */
  awayFromIncidentEdges: { points: number; maxRelativeDifference: number; at: string };
}

/** The recordings' range: how far a window's edge is smeared. */
const edgeS = 300;

const rulesOf = (files: readonly RuleFile[]) =>
  files.flatMap((f) => (load(f.content) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));

/** The first series' samples of `expr`, by unix second. */
async function series(url: string, expr: string, start: number, end: number, stepS: number) {
  const [first] = await queryRange(url, expr, { start, end, stepS });
  return new Map((first?.values ?? []).map(([t, v]) => [t, Number(v)]));
}

/**
 * The long SLO windows as the rules compute them (sum_over_time of the 5m recordings) against
 * the raw computation (the same bad and all events' rate over the whole window, from the
 * counters), on the history with the 5m recordings backfilled: the largest relative difference
 * per SLO and window.
 */
export async function compareSloWindows(o: {
  url: string;
  rules: readonly RuleFile[];
  windows: readonly SloWindow[];
  start: number;
  end: number;
  stepS: number;
  /** The history's placed incidents (unix seconds). */
  incidents: readonly { start: number; end: number }[];
}): Promise<SloAgreement[]> {
  // A placed incident over any of [from, to] (ends included).
  const cuts = (from: number, to: number) => o.incidents.some((i) => i.start <= to && i.end >= from);
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
      const first = Math.min(o.start + toSeconds(window) + o.stepS, o.end);
      const [a, b] = await Promise.all([
        series(o.url, raw, first, o.end, o.stepS),
        series(o.url, recorded, first, o.end, o.stepS),
      ]);
      const worst = { rel: 0, t: o.end, raw: NaN, recorded: NaN };
      const worstAway = { rel: 0, t: o.end, points: 0 };
      const windowS = toSeconds(window);
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
        if (cuts(t - windowS - edgeS, t - windowS + edgeS) || cuts(t - edgeS, t)) continue;
        worstAway.points++;
        if (rel >= worstAway.rel) Object.assign(worstAway, { rel, t });
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
        awayFromIncidentEdges: {
          points: worstAway.points,
          maxRelativeDifference: worstAway.points ? worstAway.rel : NaN,
          at: new Date(worstAway.t * 1000).toISOString(),
        },
      });
    }
  }
  return out;
}
