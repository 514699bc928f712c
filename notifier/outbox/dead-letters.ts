import type { Pool } from '../../lib/db/pool.ts';
import type { ChannelName } from '../config.ts';
import type { NotificationKind } from './store.ts';

export interface DeadLetter {
  id: number;
  notificationId: number;
  kind: NotificationKind;
  receiver: string;
  channel: ChannelName;
  attempts: number;
  reason: string | null;
  receivedAt: Date;
  deadAt: Date;
  idempotencyKey: string;
}

/** Deliveries given up on, with their reason: what `/dead-letters` lists and an operator can send again. */
export class DeadLetters {
  constructor(private readonly pool: Pool) {}

  async list(limit = 100): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<{
      id: number;
      notification_id: number;
      kind: NotificationKind;
      receiver: string;
      channel: ChannelName;
      attempts: number;
      last_error: string | null;
      received_at: Date;
      finished_at: Date;
      idempotency_key: string;
    }>(
      `SELECT d.id, d.notification_id, n.kind, n.receiver, d.channel, d.attempts, d.last_error,
              n.received_at, d.finished_at, n.idempotency_key
       FROM notifier_deliveries d JOIN notifier_notifications n ON n.id = d.notification_id
       WHERE d.state = 'dead' ORDER BY d.finished_at DESC, d.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      notificationId: r.notification_id,
      kind: r.kind,
      receiver: r.receiver,
      channel: r.channel,
      attempts: r.attempts,
      reason: r.last_error,
      receivedAt: r.received_at,
      deadAt: r.finished_at,
      idempotencyKey: r.idempotency_key,
    }));
  }

  /** An operator's second chance for a dead letter (the webhook was fixed): pending again, attempts reset. */
  async requeue(id: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notifier_deliveries
       SET state = 'pending', attempts = 0, next_attempt_at = now(), finished_at = NULL,
           last_error = 'requeued after: ' || coalesce(last_error, '')
       WHERE id = $1 AND state = 'dead'`,
      [id],
    );
    return result.rowCount === 1;
  }
}
