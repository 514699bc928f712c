import type { Pool } from '../../lib/db/pool.ts';

/**
 * Send slots per target (a Slack webhook, the SMTP relay) in `notifier_rate_slots`, shared by
 * every replica: a reservation is one atomic upsert, so two notifiers together keep the spacing.
 */
export class RateSlots {
  constructor(private readonly pool: Pool) {}

  /**
   * Reserves the next send slot for a target, shared by all replicas: returns how long to wait
   * before sending. Slots are `intervalMs` apart.
   */
  async reserve(target: string, intervalMs: number): Promise<number> {
    if (intervalMs <= 0) return 0;
    const { rows } = await this.pool.query<{ wait_ms: number }>(
      `INSERT INTO notifier_rate_slots AS s (target, next_slot_at)
       VALUES ($1, now() + make_interval(secs => $2::double precision / 1000))
       ON CONFLICT (target) DO UPDATE
         SET next_slot_at = greatest(s.next_slot_at, now()) + make_interval(secs => $2::double precision / 1000)
       RETURNING greatest(0, extract(epoch FROM s.next_slot_at - now()) * 1000
                              - $2::double precision)::float8 AS wait_ms`,
      [target, intervalMs],
    );
    return rows[0]?.wait_ms ?? 0;
  }

  /** Keeps a target quiet for `ms` (Slack's Retry-After applies to the webhook, not one message). */
  async hold(target: string, ms: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO notifier_rate_slots AS s (target, next_slot_at)
       VALUES ($1, now() + make_interval(secs => $2::double precision / 1000))
       ON CONFLICT (target) DO UPDATE
         SET next_slot_at = greatest(s.next_slot_at, now() + make_interval(secs => $2::double precision / 1000))`,
      [target, ms],
    );
  }
}
