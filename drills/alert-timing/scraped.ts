import { instantQuery } from '../../local-platform/prometheus-api.ts';

/** The first sample of `expr` in Prometheus now, or NaN while it has none. */
export async function scrapedValue(prometheusUrl: string, expr: string): Promise<number> {
  return Number((await instantQuery(prometheusUrl, expr))[0]?.value[1] ?? NaN);
}

/** The value once it is above `floor` (one query per poll, for `waitFor`), else undefined. */
export async function scrapedAbove(prometheusUrl: string, expr: string, floor: number) {
  const value = await scrapedValue(prometheusUrl, expr);
  return value > floor ? value : undefined;
}
