/** One label set of an alert expression: the steps (Unix seconds) at which it returned a sample. */
export interface ActiveSeries {
  labels: Record<string, string>;
  times: readonly number[];
}

export interface Firing {
  labels: Record<string, string>;
  /** Unix seconds of the first step at which the alert fired (active for `for:`). */
  start: number;
  /** Unix seconds of the first step at which it was resolved; null when still firing at the range's end. */
  end: number | null;
}

/**
 * Prometheus' alerting state machine on one evaluation grid: per label set, an alert becomes
 * pending at the first step its expression returns a sample, fires at the first step it has been
 * returning one continuously for `forS` (for 0 at once), and resolves at the first step it does
 * not. `rangeEnd` is the last evaluated step: a run still true there has no end.
 */
export function firingsOf(
  series: readonly ActiveSeries[],
  o: { stepS: number; forS: number; rangeEnd: number },
): Firing[] {
  const out: Firing[] = [];
  const stepsNeeded = Math.ceil(o.forS / o.stepS);
  for (const s of series) {
    const times = [...s.times].sort((a, b) => a - b);
    // Runs of consecutive steps, each as [first, last].
    const runs: [number, number][] = [];
    for (const t of times) {
      const run = runs.at(-1);
      if (run && t === run[1] + o.stepS) run[1] = t;
      else runs.push([t, t]);
    }
    for (const [first, last] of runs) {
      const fires = first + stepsNeeded * o.stepS;
      if (fires > last) continue; // resolved while still pending
      out.push({ labels: s.labels, start: fires, end: last >= o.rangeEnd ? null : last + o.stepS });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
