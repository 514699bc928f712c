import type { NextFunction, Request, Response } from 'express';
import type { Gauge, Histogram } from 'prom-client';
import { routeLabel } from './route-label.ts';

type Labels = 'method' | 'route' | 'status_code';
type Child = ReturnType<Histogram<Labels>['labels']>;

/**
 * Request duration by method, route template and status, plus requests in flight. Cheap on
 * purpose: one clock read at start and one at the end, labels computed once when the response
 * closes, and the labelled child cached per (method, route, status) so prom-client's label
 * hashing runs once per series instead of once per request.
 */
export function httpMetrics(duration: Histogram<Labels>, inFlight: Gauge) {
  const children = new Map<string, Child>();
  const childFor = (method: string, route: string, status: number): Child => {
    const key = `${method} ${status} ${route}`;
    let child = children.get(key);
    if (child === undefined) {
      child = duration.labels(method, route, String(status));
      children.set(key, child);
    }
    return child;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const start = performance.now();
    inFlight.inc();
    res.once('close', () => {
      inFlight.dec();
      childFor(knownMethod(req.method), routeLabel(req, res), res.statusCode).observe(
        (performance.now() - start) / 1000,
      );
    });
    next();
  };
}

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Clients may send any token as a method; keep the label set bounded. */
const knownMethod = (method: string) => (methods.has(method) ? method : 'OTHER');
