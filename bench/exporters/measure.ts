import { Worker } from 'node:worker_threads';
import { percentile } from '../../lib/stats/percentile.ts';

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

export function summary(values: number[]) {
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

// Runs in a worker thread, as a separate scraper would: the client's own work does not share the
// exporter's event loop (Prometheus scrapes from another process).
const scraperSource = `
const { parentPort, workerData: o } = require('node:worker_threads');
(async () => {
  const get = async () => {
    const res = await fetch(o.url + o.path);
    await res.text();
    if (res.status !== 200) throw new Error(o.path + ' answered ' + res.status);
  };
  for (let i = 0; i < o.warmup; i++) await get();
  const latencies = [];
  const deadline = performance.now() + o.budgetMs;
  while (latencies.length < o.count && (performance.now() < deadline || latencies.length < o.min)) {
    const started = performance.now();
    await get();
    latencies.push(performance.now() - started);
  }
  parentPort.postMessage(latencies);
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

/**
 * GETs `url` + `path` (default /metrics) sequentially from a worker thread: `warmup` unmeasured,
 * then until `count` requests or `budgetMs` have passed (at least `min`). Resolves to each latency in ms.
 */
export function scrapeLatencies(
  url: string,
  options: { count: number; budgetMs: number; warmup?: number; min?: number; path?: string },
): Promise<number[]> {
  const worker = new Worker(scraperSource, {
    eval: true,
    workerData: { url, warmup: 0, min: 1, path: '/metrics', ...options },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: number[] | { error: string }) => {
      void worker.terminate();
      if (Array.isArray(message)) resolve(message);
      else reject(new Error(`scraper failed: ${message.error}`));
    });
    worker.once('error', reject);
  });
}

/** Times `fn` `count` times in a row; milliseconds per call. */
export async function timeEach(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out;
}
