import { parseScrape, type Scrape } from '../../lib/testing/scrape-text.ts';

export { parseScrape, type Scrape, type Series } from '../../lib/testing/scrape-text.ts';

export async function scrape(baseUrl: string): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseScrape(await res.text());
}

/** Polls `check` until it stops throwing, for at most `timeoutMs`; rethrows the last failure. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000, stepMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }
}
