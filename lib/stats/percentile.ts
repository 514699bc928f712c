/**
 * The p-th percentile (0 to 100) of a sample by the nearest-rank method: the smallest value with
 * at least p % of the sample at or below it (p = 50 of five values is the third). NaN for an
 * empty sample. The one definition the benches, drills and checks use for medians, p50 and p99.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p}: expected 0 to 100`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
