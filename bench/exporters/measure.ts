/** The q-quantile (0..1) of a sample, nearest-rank. */
export function quantile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

export function summary(values: number[]) {
  return {
    n: values.length,
    p50: round(quantile(values, 0.5)),
    p99: round(quantile(values, 0.99)),
    max: round(Math.max(...values)),
  };
}

/**
 * Scrapes `url`/metrics sequentially: `warmup` unmeasured, then until `count` scrapes or
 * `budgetMs` have passed (at least `min`). Returns each scrape's latency in milliseconds.
 */
export async function scrapeLatencies(
  url: string,
  options: { count: number; budgetMs: number; warmup?: number; min?: number },
): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await (await fetch(`${url}/metrics`)).text();
  const latencies: number[] = [];
  const deadline = performance.now() + options.budgetMs;
  while (
    latencies.length < options.count &&
    (performance.now() < deadline || latencies.length < (options.min ?? 1))
  ) {
    const started = performance.now();
    const res = await fetch(`${url}/metrics`);
    await res.text();
    if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}
