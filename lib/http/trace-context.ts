import { randomFillSync } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Locals {
    traceId: string;
  }
}

const hex = /^[0-9a-f]+$/;

/**
 * W3C trace context: take the trace id from an incoming `traceparent` when it is well formed,
 * else start a new trace. The response carries `traceparent` (our span under that trace) and
 * `x-trace-id`, so a client can quote the id that every log line of the request carries.
 */
export function traceContext() {
  return (req: Request, res: Response, next: NextFunction) => {
    const traceId = traceIdFrom(req.headers.traceparent) ?? randomHex(16);
    res.locals.traceId = traceId;
    res.setHeader('traceparent', `00-${traceId}-${randomHex(8)}-01`);
    res.setHeader('x-trace-id', traceId);
    next();
  };
}

// Random ids from a pool filled 4 KiB at a time: one call into OpenSSL per ~170 requests instead
// of two per request (the same CSPRNG, so ids stay unguessable).
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}

/** `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`; all-zero ids are invalid. */
export function traceIdFrom(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length !== 55) return undefined;
  const [version, traceId, parentId, flags] = header.toLowerCase().split('-');
  if (version !== '00' || traceId?.length !== 32 || parentId?.length !== 16 || flags?.length !== 2)
    return undefined;
  if (!hex.test(traceId) || !hex.test(parentId) || !hex.test(flags)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return traceId;
}
