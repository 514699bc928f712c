import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the TypeScript module at `entry` (a file URL), with `data` as its
 * `workerData.data`. Works the same under tsx, `node --import tsx` (the image) and vitest.
 */
export function startTsWorker(entry: URL, data: unknown): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { entry: entry.href, data },
  });
}
