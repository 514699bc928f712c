// Entry of a worker thread that runs a TypeScript module: registers tsx's loader in this thread
// (a worker does not inherit the parent's `--import tsx` hooks on Node 20), then imports
// workerData.entry. Used by lib/worker/start-ts-worker.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
