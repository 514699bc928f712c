import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { HttpError } from '../../../lib/http/errors.ts';
import type { Cache } from '../../platform/cache.ts';
import { createStore } from '../../platform/rate-limit.ts';

export interface LoginThrottlePolicy {
  /** Failures of one (account, address) pair that cost nothing. */
  freeFailures: number;
  /** Longest wait one pair can be made to serve; waits double from 1 s up to it. */
  maxWaitSeconds: number;
}

/** Failures are forgotten this long after the first one of a run (or at the next success). */
const failureMemorySeconds = 3600;

/**
 * Login throttling per (account, client address) pair, whether or not the account exists. Past
 * the free failures, each further failure makes that pair wait twice as long as the last
 * (1 s, 2 s, 4 s ... up to the maximum): a guesser slows to a crawl, while an attacker elsewhere
 * cannot lock the real user out (their address is another pair). Counts live in Redis, shared by
 * replicas, and in memory while Redis is away.
 */
export class LoginThrottle {
  private readonly failures: RateLimiterAbstract;
  private readonly waits: RateLimiterAbstract;

  constructor(
    cache: Cache,
    private readonly policy: LoginThrottlePolicy,
  ) {
    // Points are never "consumed up": the failure count is read, and a wait is a block.
    this.failures = createStore('login:failures', 1_000_000, cache, failureMemorySeconds);
    this.waits = createStore('login:wait', 1, cache, policy.maxWaitSeconds);
  }

  /** Throws 429 with Retry-After while the pair must wait. */
  async check(email: string, address: string): Promise<void> {
    const wait = await this.waits.get(pairKey(email, address)).catch(() => null);
    if (wait && wait.consumedPoints > 1 && wait.msBeforeNext > 0) throw tooSoon(wait.msBeforeNext);
  }

  /** Counts a failure; past the free ones, starts the pair's next (longer) wait. */
  async failed(email: string, address: string): Promise<void> {
    const key = pairKey(email, address);
    const counted = await this.failures.penalty(key, 1).catch(() => undefined);
    const n = counted?.consumedPoints ?? 0;
    if (n <= this.policy.freeFailures) return;
    const seconds = Math.min(2 ** (n - this.policy.freeFailures - 1), this.policy.maxWaitSeconds);
    await this.waits.block(key, seconds).catch(() => undefined);
  }

  async succeeded(email: string, address: string): Promise<void> {
    const key = pairKey(email, address);
    await Promise.all([this.failures.delete(key), this.waits.delete(key)]).catch(() => undefined);
  }
}

const pairKey = (email: string, address: string) => `${email}|${address}`;

function tooSoon(ms: number): HttpError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new HttpError(429, 'too many failed logins; retry after the number of seconds in Retry-After', {
    reason: 'login_throttled',
    headers: { 'Retry-After': String(seconds) },
  });
}
