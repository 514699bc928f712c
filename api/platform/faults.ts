import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../../lib/http/errors.ts';

export const faultSettings = z.strictObject({
  error_rate: z.number().min(0).max(1),
  latency_ms: z.number().int().min(0).max(30_000).optional(),
});
export type FaultSettings = z.infer<typeof faultSettings>;

/**
 * Fault injection for the alerting drills (development and test only): a share of /api/v1
 * requests answers 500 and/or waits first. It runs inside each matched route, so the injected
 * 500s carry the real route template through the normal metrics path.
 */
export class Faults {
  private settings: Required<FaultSettings> = { error_rate: 0, latency_ms: 0 };

  get current(): Required<FaultSettings> {
    return { ...this.settings };
  }

  set(next: FaultSettings): void {
    this.settings = { error_rate: next.error_rate, latency_ms: next.latency_ms ?? 0 };
  }

  readonly gate = (_req: Request, _res: Response, next: NextFunction): void => {
    const { error_rate: rate, latency_ms: latency } = this.settings;
    if (rate === 0 && latency === 0) {
      next();
      return;
    }
    const act = () =>
      rate > 0 && Math.random() < rate ? next(new HttpError(500, 'injected fault')) : next();
    if (latency > 0) setTimeout(act, latency);
    else act();
  };
}
