import { queryRange } from '../../drills/history/prometheus-on-history.ts';
import type { RuleFile } from '../../local-platform/prometheus.ts';
import { recording, toSeconds, type SloWindow } from '../../lib/monitoring/index.ts';
import { type CountEvents, gridRange, rawRatio, type SloSpec } from '../../rules/build/slo.ts';
import { load } from 'js-yaml';

interface Rule {
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** The largest relative difference of one figure from another over the compared times. */
export interface Difference {
  maxRelativeDifference: number;
  at: string;
  /** The two figures at that time: `of` and the one it is compared with. */
  of: number;
  against: number;
}

export interface SloAgreement {
  slo: string;
  window: SloWindow;
  /** Times compared: every hour plus `offsetS` where the window fits in the history. */
  points: number;
  /** Times where the exact ratio was 0 or missing: no relative difference there. */
  skipped: number;
  /**
   * Seconds from the end of the window the recorded ratio covers (the tiles' last evaluation at
   * or before the last 5-minute grid step) to the time it is read (the hour plus `offsetS`).
   */
  lagS: number;
  /** The recorded ratio (from the tiles) against the raw one (`rate()` over the same window). */
  recordedVsRaw: Difference;
  /** The recorded ratio against the exact one (every sample-to-sample increment of that window). */
  recordedVsExact: Difference;
  /** The raw ratio against the exact one: what the raw computation's extrapolation costs. */
  rawVsExact: Difference;
  /**
   * The recorded ratio against the exact one over the window ending when it is read, `lagS`
   * later: how far the 5-minute steps leave it behind (not the window's accuracy).
   */
  recordedVsExactWhenRead: Difference;
}

const rulesOf = (files: readonly RuleFile[]) =>
  files.flatMap((f) => (load(f.content) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));

/** The first series' samples of `expr`, by unix second. */
async function series(url: string, expr: string, start: number, end: number, stepS: number) {
  const [first] = await queryRange(url, expr, { start, end, stepS });
  return new Map((first?.values ?? []).map(([t, v]) => [t, Number(v)]));
}

/**
 * The events of counter `x` in the window as the samples hold them: every increment from one
 * sample to the next, read on the samples' own grid (`sampleS`), a reset counting the new value
 * (as `increase()` counts it). No extrapolation: the window's last sample minus the last sample
 * before it, resets added.
 */
const exactCount =
  (window: SloWindow, sampleS: number): CountEvents =>
  (x) =>
    `sum_over_time(sum((${x} - ${x} offset ${sampleS}s >= 0) or (${x} < ${x} offset ${sampleS}s))[${gridRange(window)}:${sampleS}s])`;

function largest(a: Map<number, number>, b: Map<number, number>, times: readonly number[]): Difference {
  const worst = { rel: 0, t: times[0] ?? 0, of: NaN, against: NaN };
  for (const t of times) {
    const x = a.get(t);
    const y = b.get(t);
    if (x === undefined || y === undefined || !(y > 0)) continue;
    const rel = Math.abs(x - y) / y;
    if (rel >= worst.rel) Object.assign(worst, { rel, t, of: x, against: y });
  }
  return {
    maxRelativeDifference: times.length ? worst.rel : NaN,
    at: new Date(worst.t * 1000).toISOString(),
    of: worst.of,
    against: worst.against,
  };
}

/**
 * The long SLO windows as the rules record them (the rule's own expression over the backfilled
 * 5-minute tiles), read every hour plus `offsetS` (a rule evaluation shortly after a 5-minute grid
 * step), against the raw computation (the SLO's events as `rate()` over the window, from the
 * counters) and the exact count (every sample-to-sample increment in the window) over the window
 * the recording covers: the one ending at the tiles' last evaluation at or before the grid step
 * (`lagS` earlier; the backfill evaluates at its own phase, off the samples' grid as evaluations
 * and scrapes are in a running stack). The largest relative difference of each pair per SLO and
 * window, and the recorded ratio against the exact one when it is read.
 */
export async function compareSloWindows(o: {
  url: string;
  rules: readonly RuleFile[];
  slos: readonly SloSpec[];
  windows: readonly SloWindow[];
  start: number;
  end: number;
  /** The history's sample interval. */
  sampleS: number;
  offsetS: number;
}): Promise<SloAgreement[]> {
  const rules = rulesOf(o.rules);
  const out: SloAgreement[] = [];
  for (const spec of o.slos) {
    for (const window of o.windows) {
      const rule = rules.find(
        (r) => r.record === recording.sliErrorRatio(window) && r.labels?.slo === spec.slo,
      );
      if (!rule) throw new Error(`no rule records ${recording.sliErrorRatio(window)}{slo="${spec.slo}"}`);
      const count = exactCount(window, o.sampleS);
      const exact = `(${spec.events.bad(count)}) / ${spec.events.all(count)}`;
      // Whole hours from the first whose window fits in the history (its end for 30 d).
      const firstHour = Math.min(Math.ceil((o.start + toSeconds(window)) / 3600) * 3600, o.end);
      const [tileTime] = await queryRange(o.url, `timestamp(${recording.sliErrorTile}{slo="${spec.slo}"})`, {
        start: firstHour,
        end: firstHour,
        stepS: 3600,
      });
      const lastTile = tileTime?.values[0]?.[1];
      if (lastTile === undefined)
        throw new Error(`no ${recording.sliErrorTile}{slo="${spec.slo}"} backfilled`);
      const lagS = firstHour + o.offsetS - Number(lastTile);
      const read = firstHour + o.offsetS;
      const lastRead = o.end + o.offsetS;
      // The windows covered: each read's, lagS earlier (after the hour when lagS < offsetS).
      const covered = read - lagS;
      const lastCovered = lastRead - lagS;
      const [recorded, raw, exactly, exactWhenRead] = await Promise.all([
        series(o.url, rule.expr, read, lastRead, 3600),
        series(o.url, rawRatio(spec, window), covered, lastCovered, 3600),
        series(o.url, exact, covered, lastCovered, 3600),
        series(o.url, exact, read, lastRead, 3600),
      ]);
      // The same hour's figures side by side, by the time the recorded ratio is read.
      const byRead = (m: Map<number, number>) => new Map([...m].map(([t, v]) => [Math.round(t + lagS), v]));
      const r = byRead(raw);
      const x = byRead(exactly);
      const compared = [...recorded.keys()].filter((t) => (x.get(t) ?? 0) > 0);
      out.push({
        slo: spec.slo,
        window,
        points: compared.length,
        skipped: recorded.size - compared.length,
        lagS,
        recordedVsRaw: largest(recorded, r, compared),
        recordedVsExact: largest(recorded, x, compared),
        rawVsExact: largest(r, x, compared),
        recordedVsExactWhenRead: largest(recorded, exactWhenRead, compared),
      });
    }
  }
  return out;
}
