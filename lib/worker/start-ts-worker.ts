import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module at `entry` (the file URL of a .ts source), with `data` as
 * its `workerData.data`. From source (tsx, vitest) the thread first registers tsx's loader
 * through ts-worker.mjs, because a worker does not inherit the parent's loader hooks on Node 20.
 * Compiled (the image: this file is start-ts-worker.js, tsx and the .mjs shim are absent) the
 * compiled .js beside the source's name runs directly.
 */
export function startTsWorker(entry: URL, data: unknown): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const workerData = { entry: entry.href, data };
  if (compiled) return new Worker(new URL(entry.href.replace(/\.ts$/, '.js')), { workerData });
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData });
}
