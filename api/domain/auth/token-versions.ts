import type { Logger } from '../../../lib/logger.ts';
import type { Queryable } from '../../platform/db.ts';
import type { Cache } from '../../platform/cache.ts';

const keyOf = (userId: number) => `auth:token-version:${userId}`;
const retryMs = 1000;
/**
 * How long a cached version lives. Bumps through the API and `npm run users` reach the cache at
 * once; a change made around them (SQL by hand, a restore) reaches every replica within this.
 */
export const tokenVersionTtlSeconds = 60;

/**
 * Each user's current token version (users.token_version), which every token carries: a token
 * signed with an older version is refused. Disabling a user, changing a role or resetting a
 * password bumps it (api/domain/users/service.ts).
 *
 * Looked up on every authenticated request, so cached in Redis (shared by replicas) for
 * tokenVersionTtlSeconds, written only through the cache's versioned write: a replica filling
 * the cache with what it just read cannot overwrite a newer bump. Correctness over speed:
 * - Redis unreachable: the version comes from PostgreSQL on every request.
 * - a token newer than the cached version: the cache is behind, PostgreSQL decides.
 * - a bump that could not reach Redis is retried every second until it does; until then only a
 *   replica that reaches Redis while this one does not could accept an old token.
 */
export class TokenVersions {
  private readonly pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: Cache,
    private readonly db: Queryable,
    private readonly logger?: Logger,
  ) {}

  /** Whether a token of this user signed at `version` is still valid. */
  async accepts(userId: number, version: number): Promise<boolean> {
    const cached = await this.cache.getNumber(keyOf(userId)).catch(() => undefined);
    if (cached !== undefined && cached >= version) return cached === version;
    const rows = await this.db.query<{ token_version: number }>(
      'users.token_version',
      'SELECT token_version FROM users WHERE id = $1',
      [userId],
    );
    const current = rows[0]?.token_version;
    if (current === undefined) return false;
    await this.publish(userId, current).catch(() => undefined);
    return current === version;
  }

  /** Called after a bump committed: replicas refuse older tokens from their next request on. */
  async changed(userId: number, version: number): Promise<void> {
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

  private publish(userId: number, version: number) {
    return this.cache.setNewer(keyOf(userId), version, tokenVersionTtlSeconds);
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
