import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Counter } from 'prom-client';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Cache } from './cache.ts';

export interface LimiterOptions {
  name: string;
  perMinute: number;
  cache: Cache;
  limited: Counter<'limiter'>;
  /** Count only failed requests (login: a correct password does not use up the allowance). */
  skipSuccessful?: boolean;
  onLimited?: () => void;
}

/**
 * Per-client-IP limit over a one-minute window, 429 with Retry-After beyond it. With Redis the
 * counts are shared by every replica; 0 turns the limiter off (benchmarks).
 */
export function limiter(options: LimiterOptions): RequestHandler {
  if (options.perMinute === 0) return (_req: Request, _res: Response, next: NextFunction) => next();
  const redis = options.cache.redis;
  return rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: options.skipSuccessful ?? false,
    ...(redis
      ? {
          store: new RedisStore({
            prefix: `rl:${options.name}:`,
            sendCommand: (command: string, ...args: string[]) =>
              redis.call(command, ...args) as Promise<RedisReply>,
          }),
        }
      : {}),
    handler: (_req, res) => {
      options.limited.inc({ limiter: options.name });
      options.onLimited?.();
      res.status(429).json({ error: 'too many requests; retry after the number of seconds in Retry-After' });
    },
  });
}
