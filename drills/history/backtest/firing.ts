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
    let runStart = 0;
    for (let i = 0; i < times.length; i++) {
      if (i === 0 || times[i] !== times[i - 1] + o.stepS) runStart = times[i];
      const runEnds = i === times.length - 1 || times[i + 1] !== times[i] + o.stepS;
      if (!runEnds) continue;
      const fires = runStart + stepsNeeded * o.stepS;
      if (fires > times[i]) continue; // resolved while still pending
      out.push({ labels: s.labels, start: fires, end: times[i] >= o.rangeEnd ? null : times[i] + o.stepS });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
