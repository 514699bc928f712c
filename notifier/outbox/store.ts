import { fileURLToPath } from 'node:url';
import type { Pool, PoolClient } from '../../lib/db/pool.ts';
import { migrate } from '../../lib/db/migrate.ts';
import type { ChannelName } from '../config.ts';

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));
export const migrationsTable = 'notifier_schema_migrations';

export type NotificationKind = 'alert' | 'deployment' | 'digest' | 'deadman';

export interface NewNotification {
  kind: NotificationKind;
  receiver: string;
  idempotencyKey: string;
  status?: string;
  payload: unknown;
  channels: readonly ChannelName[];
  /** Deliveries due this long after now (a held page); at once by default. */
  delayMs?: number;
}

export interface ClaimedDelivery {
  id: number;
  notificationId: number;
  channel: ChannelName;
  /** Attempts already made before this one. */
  attempts: number;
  kind: NotificationKind;
  receiver: string;
  payload: unknown;
  receivedAt: Date;
}

export interface PendingStats {
  channel: ChannelName;
  pending: number;
  oldestAgeSeconds: number;
}

/**
 * The PostgreSQL outbox: notifications and one delivery row per channel. Uniqueness of the
 * idempotency key and of (notification, channel) is enforced by constraints, and claims use
 * FOR UPDATE SKIP LOCKED plus a lease, so any number of replicas can share the table.
 */
export class OutboxStore {
  constructor(private readonly pool: Pool) {}

  migrate(log?: (message: string) => void): Promise<string[]> {
    return migrate(this.pool, { dir: migrationsDir, table: migrationsTable, ...(log ? { log } : {}) });
  }

  /**
   * Stores a notification and its deliveries in one transaction. Returns `created: false` when
   * the idempotency key was already there (a retry or a duplicate): nothing new is queued then,
   * except deliveries for channels configured since.
   */
  async enqueue(
    n: NewNotification,
  ): Promise<{ notificationId: number; created: boolean; queued: ChannelName[] }> {
    return inTransaction(this.pool, (client) => insertNotification(client, n));
  }

  /**
   * Leases up to `limit` due deliveries of one channel to `owner`; rows another replica holds are
   * skipped.
   */
  async claim(
    owner: string,
    channel: ChannelName,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query<{
      id: number;
      notification_id: number;
      channel: ChannelName;
      attempts: number;
      kind: NotificationKind;
      receiver: string;
      payload: unknown;
      received_at: Date;
    }>(
      `WITH due AS (
         SELECT id FROM notifier_deliveries
         WHERE state = 'pending' AND channel = $4 AND next_attempt_at <= now()
           AND (leased_until IS NULL OR leased_until < now())
         ORDER BY next_attempt_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       UPDATE notifier_deliveries d
       SET lease_owner = $1, leased_until = now() + make_interval(secs => $3::double precision / 1000)
       FROM due, notifier_notifications n
       WHERE d.id = due.id AND n.id = d.notification_id
       RETURNING d.id, d.notification_id, d.channel, d.attempts, n.kind, n.receiver, n.payload, n.received_at`,
      [owner, limit, leaseMs, channel],
    );
    return rows
      .map((r) => ({
        id: r.id,
        notificationId: r.notification_id,
        channel: r.channel,
        attempts: r.attempts,
        kind: r.kind,
        receiver: r.receiver,
        payload: r.payload,
        receivedAt: r.received_at,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Each `mark*` succeeds only while `owner` still holds the lease; false means it was lost. */
  async markDelivered(id: number, owner: string): Promise<boolean> {
    return this.finish(id, owner, `state = 'delivered', finished_at = now(), last_error = NULL`, []);
  }

  async markRetry(id: number, owner: string, delayMs: number, error: string): Promise<boolean> {
    return this.finish(
      id,
      owner,
      `next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4`,
      [delayMs, error],
    );
  }

  async markDead(id: number, owner: string, reason: string): Promise<boolean> {
    return this.finish(id, owner, `state = 'dead', finished_at = now(), last_error = $3`, [reason]);
  }

  /** Moves a claimed delivery later without counting an attempt (its target's rate limit is full). */
  async postpone(id: number, owner: string, delayMs: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notifier_deliveries
       SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
           lease_owner = NULL, leased_until = NULL
       WHERE id = $1 AND lease_owner = $2 AND state = 'pending'`,
      [id, owner, delayMs],
    );
    return result.rowCount === 1;
  }

  /** Gives claimed but unsent deliveries back at shutdown, without counting an attempt. */
  async release(ids: number[], owner: string): Promise<void> {
    if (!ids.length) return;
    await this.pool.query(
      `UPDATE notifier_deliveries SET lease_owner = NULL, leased_until = NULL
       WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND state = 'pending'`,
      [ids, owner],
    );
  }

  private async finish(id: number, owner: string, set: string, params: unknown[]): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notifier_deliveries SET ${set}, attempts = attempts + 1, lease_owner = NULL, leased_until = NULL
       WHERE id = $1 AND lease_owner = $2 AND state = 'pending'`,
      [id, owner, ...params],
    );
    return result.rowCount === 1;
  }

  async pendingStats(): Promise<PendingStats[]> {
    const { rows } = await this.pool.query<{ channel: ChannelName; pending: number; oldest: number }>(
      `SELECT channel, count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE created_at <= now())), 0)::float8 AS oldest
       FROM notifier_deliveries WHERE state = 'pending' GROUP BY channel`,
    );
    return rows.map((r) => ({ channel: r.channel, pending: r.pending, oldestAgeSeconds: r.oldest }));
  }
}

/** Runs `fn` in one transaction on one connection of the pool: committed, or rolled back on error. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Stores a notification and its deliveries inside the caller's transaction. `created: false`
 * when the idempotency key was already there (a retry or a duplicate): nothing new is queued
 * then, except deliveries for channels configured since.
 */
export async function insertNotification(
  client: PoolClient,
  n: NewNotification,
): Promise<{ notificationId: number; created: boolean; queued: ChannelName[] }> {
  const inserted = await client.query<{ id: number }>(
    `INSERT INTO notifier_notifications (kind, receiver, idempotency_key, status, payload)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [n.kind, n.receiver, n.idempotencyKey, n.status ?? null, JSON.stringify(n.payload)],
  );
  const created = inserted.rowCount === 1;
  const notificationId =
    inserted.rows[0]?.id ??
    (
      await client.query<{ id: number }>('SELECT id FROM notifier_notifications WHERE idempotency_key = $1', [
        n.idempotencyKey,
      ])
    ).rows[0]!.id;
  const queued = await client.query<{ channel: ChannelName }>(
    // A held delivery exists, for the backlog's age, from when it is due.
    `INSERT INTO notifier_deliveries (notification_id, channel, next_attempt_at, created_at)
     SELECT $1, channel, due, due
     FROM unnest($2::text[]) AS channel,
          (SELECT now() + make_interval(secs => $3::double precision / 1000) AS due) AS d
     ON CONFLICT (notification_id, channel) DO NOTHING RETURNING channel`,
    [notificationId, [...n.channels], n.delayMs ?? 0],
  );
  return { notificationId, created, queued: queued.rows.map((r) => r.channel) };
}
