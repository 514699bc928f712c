import type { Logger } from '../../../lib/logger.ts';
import type { Queryable } from '../../platform/db.ts';
import type { Cache } from '../../platform/cache.ts';
import { SharedReads } from '../../platform/shared-reads.ts';
import { findTokenVersion } from '../users/store.ts';

const keyOf = (userId: number) => `auth:token-version:${userId}`;
const retryMs = 1000;
/** How long a version lives in the cache (Redis), where replicas learn each other's bumps. */
const cacheTtlSeconds = 60;
/**
 * How long a replica goes on from what it last read from PostgreSQL for a user. Bumps through
 * the API and `npm run users` reach every replica at once through the cache; a change made
 * around them (SQL by hand, a restore, a CLI without Redis) reaches every replica within this.
 */
export const tokenVersionCheckSeconds = 10;
/** Users remembered per replica before the stale ones are forgotten. */
const maxKnown = 10_000;

/**
 * Each user's current token version (users.token_version), which every token carries: a token
 * signed with an older version is refused. Disabling a user, changing a role or resetting a
 * password bumps it (api/domain/users/service.ts).
 *
 * Looked up on every authenticated request. PostgreSQL decides; the cache (Redis, shared by
 * replicas) can only raise a version, never lower it:
 * - each replica keeps the version it last read from PostgreSQL (read again after
 *   tokenVersionCheckSeconds) and the highest one it has seen in the cache; the current version
 *   is the larger of these and the cache's. Whoever can write Redis can therefore not revive a
 *   revoked token by writing an old version: at most delay, by tokenVersionCheckSeconds, a
 *   replica learning of a bump made on another one that it had not seen yet.
 * - the cache is written only through its versioned write (a replica filling it with what it
 *   just read cannot overwrite a newer bump), and a cache holding less than PostgreSQL is raised.
 * - Redis unreachable: the version comes from PostgreSQL on every request.
 * - a token newer than everything known: this replica is behind, PostgreSQL decides.
 * - a bump that could not reach Redis is retried every second until it does; until then only a
 *   replica that reaches Redis while this one does not could accept an old token.
 * - requests of one user that arrive together share one cache read (shared-reads.ts), each a read
 *   sent after it arrived: a bump published before a request arrived is seen by that request.
 */
export class TokenVersions {
  private readonly pending = new Map<number, number>();
  /** Per user: the highest version known here, and when PostgreSQL was last asked. */
  private readonly known = new Map<number, { version: number; readAt: number }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly cached = new SharedReads<number, number | undefined>((userId) =>
    this.cache.getNumber(keyOf(userId)),
  );

  constructor(
    private readonly cache: Cache,
    private readonly db: Queryable,
    private readonly logger?: Logger,
  ) {}

  /** Whether a token of this user signed at `version` is still valid. */
  async accepts(userId: number, version: number): Promise<boolean> {
    let cached: number | undefined;
    try {
      cached = await this.cached.get(userId);
    } catch {
      return (await this.fromDatabase(userId)) === version;
    }
    let known = this.known.get(userId);
    if (
      !known ||
      Date.now() - known.readAt >= tokenVersionCheckSeconds * 1000 ||
      version > Math.max(known.version, cached ?? 0)
    ) {
      if ((await this.fromDatabase(userId)) === undefined) return false;
      known = this.known.get(userId)!;
    }
    if (cached !== undefined && cached > known.version) known.version = cached;
    // The cache is missing it, expired, or holds less (written by hand): raise it.
    else if (cached === undefined || cached < known.version)
      await this.publish(userId, known.version).catch(() => undefined);
    return known.version === version;
  }

  /** Called after a bump committed: replicas refuse older tokens from their next request on. */
  async changed(userId: number, version: number): Promise<void> {
    this.remember(userId, version);
    try {
      await this.publish(userId, version);
    } catch (err) {
      this.logger?.warn({ err, user_id: userId }, 'token version not cached yet: retrying every second');
      this.pending.set(userId, Math.max(version, this.pending.get(userId) ?? 0));
      this.timer ??= setInterval(() => void this.retry(), retryMs).unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** PostgreSQL's version (undefined: no such user), remembered as it is: a restore may lower it. */
  private async fromDatabase(userId: number): Promise<number | undefined> {
    const current = await findTokenVersion(this.db, userId);
    if (current === undefined) this.known.delete(userId);
    else this.remember(userId, current);
    return current;
  }

  private remember(userId: number, version: number): void {
    if (this.known.size >= maxKnown) {
      const stale = Date.now() - tokenVersionCheckSeconds * 1000;
      for (const [id, k] of this.known) if (k.readAt < stale) this.known.delete(id);
    }
    this.known.set(userId, { version, readAt: Date.now() });
  }

  private publish(userId: number, version: number) {
    return this.cache.setNewer(keyOf(userId), version, cacheTtlSeconds);
  }

  private async retry() {
    for (const [userId, version] of this.pending) {
      try {
        await this.publish(userId, version);
        if (this.pending.get(userId) === version) this.pending.delete(userId);
      } catch {
        return; // still unreachable: next second
      }
    }
    if (this.pending.size === 0) this.stop();
  }
}
