import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Locals {
    /** Aborted when the client goes away or the request outlives its deadline. */
    signal?: AbortSignal;
  }
}

/** Why a request's work was abandoned: the database layer answers each differently. */
export class ClientGone extends Error {
  constructor() {
    super('client closed the connection');
  }
}
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`request exceeded its ${ms} ms deadline`);
  }
}

const storage = new AsyncLocalStorage<AbortSignal>();

/** The signal of the request whose handler is running, for data access far below the routes. */
export const currentSignal = (): AbortSignal | undefined => storage.getStore();

/**
 * Runs `fn` outside any request's signal: work that several requests share (shared-reads.ts) must
 * not be cancelled because one of them was abandoned.
 */
export const outsideRequests = <T>(fn: () => T): T => storage.exit(fn);

/**
 * Gives every request an AbortSignal that fires when the client disconnects before the answer
 * is complete, or when the request exceeds `deadlineMs` (kept below the proxy's read timeout, so
 * the API answers 503 itself instead of the proxy timing out and retrying on another replica
 * while the first query still runs).
 */
export function requestDeadline(deadlineMs: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(deadlineMs)), deadlineMs);
    timer.unref();
    res.once('finish', () => clearTimeout(timer));
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) controller.abort(new ClientGone());
    });
    res.locals.signal = controller.signal;
    next();
  };
}

/**
 * Enters the request's signal for the route handler. Registered just before each handler, after
 * the body parsers: stream callbacks run outside the context a middleware enters, so entering
 * earlier would be lost by the time the handler runs.
 */
export function bindRequestSignal(_req: Request, res: Response, next: NextFunction): void {
  const signal = res.locals.signal;
  if (signal) storage.run(signal, next);
  else next();
}
