import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Counter } from 'prom-client';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { rateLimiters } from '../../lib/catalog/api.ts';
import { HttpError } from '../../lib/http/errors.ts';
import type { Cache } from './cache.ts';

export interface LimiterOptions {
  /** The `limiter` label; the catalog lists them so each is published at 0 from the start. */
  name: (typeof rateLimiters)[number];
  perMinute: number;
  cache: Cache;
  limited: Counter<'limiter'>;
  /** Count only failed requests (login: a correct password does not use up the allowance). */
  skipSuccessful?: boolean;
  onLimited?: () => void;
}

const windowSeconds = 60;

/**
 * Per-client-IP limit over a one-minute window, 429 with Retry-After beyond it. With Redis the
 * counts are shared by every replica; while Redis is unreachable each replica counts in memory
 * (the insurance limiter) so the API keeps serving instead of failing every request. 0 turns the
 * limiter off (benchmarks).
 */
export function limiter(options: LimiterOptions): RequestHandler {
  if (options.perMinute === 0) return (_req: Request, _res: Response, next: NextFunction) => next();
  const store = createStore(`rl:${options.name}`, options.perMinute, options.cache);
  const policy = `${options.perMinute};w=${windowSeconds}`;
  return async (req, res, next) => {
    const key = req.ip ?? 'unknown';
    let state: RateLimiterRes;
    try {
      state = await store.consume(key);
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      options.limited.inc({ limiter: options.name });
      options.onLimited?.();
      const retryAfter = Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
      res.set(rateLimitHeaders(options.perMinute, 0, retryAfter, policy));
      throw new HttpError(429, 'too many requests; retry after the number of seconds in Retry-After', {
        reason: 'rate_limited',
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    res.set(
      rateLimitHeaders(
        options.perMinute,
        state.remainingPoints,
        Math.ceil(state.msBeforeNext / 1000),
        policy,
      ),
    );
    if (options.skipSuccessful)
      res.once('finish', () => {
        if (res.statusCode < 400) store.reward(key).catch(() => undefined);
      });
    next();
  };
}

/** IETF draft-7 RateLimit headers (one combined field). */
function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number, policy: string) {
  return {
    RateLimit: `limit=${limit}, remaining=${remaining}, reset=${resetSeconds}`,
    'RateLimit-Policy': policy,
  };
}

/**
 * A fixed-window counter: in Redis when there is one (its outage falls back to the in-memory
 * insurance limiter at once, since the Redis client does not queue commands while disconnected),
 * otherwise in memory.
 */
export function createStore(keyPrefix: string, points: number, cache: Cache, duration = windowSeconds) {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!cache.redis) return memory as RateLimiterAbstract;
  return new RateLimiterRedis({
    storeClient: cache.redis,
    keyPrefix,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  }) as RateLimiterAbstract;
}
