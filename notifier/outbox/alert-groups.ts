import type { Pool, PoolClient } from '../../lib/db/pool.ts';
import type { ChannelName } from '../config.ts';
import type { AnnouncedAlerts, GroupNews, NewsKind } from '../receiving/group-news.ts';
import { inTransaction, insertNotification } from './store.ts';

export interface GroupWebhook {
  receiver: string;
  groupId: string;
  groupLabels: Record<string, string>;
  status: string;
  payload: unknown;
  channels: readonly ChannelName[];
  /** How long a held page waits for the resolution to come back before it is delivered. */
  holdMs: number;
  /** What this webhook is for the group, given what was announced and when it was last paged. */
  decide: (announced: AnnouncedAlerts, lastPageAt: Date | null, now: Date) => GroupNews;
}

export interface GroupAcceptance {
  kind: NewsKind;
  held: boolean;
  /** A held page this webhook cancelled (the resolution came back within the hold). */
  cancelled: number | null;
  /** The notification stored for this webhook, or the group's last one for a duplicate. */
  notificationId: number | null;
  queued: ChannelName[];
}

interface GroupRow {
  announced: AnnouncedAlerts;
  pages: number;
  last_page_at: Date | null;
  last_notification_id: number | null;
  held_notification_id: number | null;
  held_previous: { announced: AnnouncedAlerts; lastPageAt: string | null } | null;
  now: Date;
}

/**
 * Cancels a held page if none of its deliveries has started: all still pending, unclaimed and
 * not yet due (the worker claims only due rows, so a not-yet-due row cannot be mid-send).
 */
async function cancelHeld(client: PoolClient, notificationId: number): Promise<boolean> {
  const { rows } = await client.query<{ waiting: boolean }>(
    `SELECT state = 'pending' AND lease_owner IS NULL AND next_attempt_at > now() AS waiting
     FROM notifier_deliveries WHERE notification_id = $1 FOR UPDATE`,
    [notificationId],
  );
  if (!rows.every((r) => r.waiting)) return false;
  await client.query('DELETE FROM notifier_deliveries WHERE notification_id = $1', [notificationId]);
  return true;
}

/**
 * The groups' announced state (`notifier_alert_groups`) and the outbox, written together. The
 * group's row is locked first (INSERT ... ON CONFLICT DO UPDATE returns it locked, creating it if
 * need be), so webhooks for one group are decided one at a time whichever replica receives them,
 * each seeing what the previous one committed. A page's idempotency key is its number within the
 * group: two decisions can never both store the nth page.
 */
export class AlertGroupStore {
  constructor(private readonly pool: Pool) {}

  accept(w: GroupWebhook): Promise<GroupAcceptance> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<GroupRow>(
        `INSERT INTO notifier_alert_groups (receiver, group_id, group_labels) VALUES ($1, $2, $3)
         ON CONFLICT (receiver, group_id) DO UPDATE SET updated_at = now()
         RETURNING announced, pages, last_page_at, last_notification_id, held_notification_id,
                   held_previous, now() AS now`,
        [w.receiver, w.groupId, JSON.stringify(w.groupLabels)],
      );
      const group = rows[0]!;
      let news = w.decide(group.announced, group.last_page_at, group.now);
      let previous = { announced: group.announced, lastPageAt: group.last_page_at };
      let cancelled: number | null = null;
      // A change while a page is held (typically the resolution coming back): if that page has
      // not started, it is cancelled and this webhook is judged against the state before it.
      if (news.kind === 'change' && group.held_notification_id !== null) {
        if (await cancelHeld(client, group.held_notification_id)) {
          cancelled = group.held_notification_id;
          const before = group.held_previous!;
          previous = {
            announced: before.announced,
            lastPageAt: before.lastPageAt === null ? null : new Date(before.lastPageAt),
          };
          news = w.decide(previous.announced, previous.lastPageAt, group.now);
        }
      }
      const held = news.kind === 'change' && news.held;
      if (news.kind === 'duplicate') {
        await client.query(
          `UPDATE notifier_alert_groups
           SET duplicates = duplicates + 1,
               announced = CASE WHEN $3 THEN $4::jsonb ELSE announced END,
               last_page_at = CASE WHEN $3 THEN $5::timestamptz ELSE last_page_at END,
               held_notification_id = CASE WHEN $3 THEN NULL ELSE held_notification_id END,
               held_previous = CASE WHEN $3 THEN NULL ELSE held_previous END
           WHERE receiver = $1 AND group_id = $2`,
          [
            w.receiver,
            w.groupId,
            cancelled !== null,
            JSON.stringify(previous.announced),
            previous.lastPageAt,
          ],
        );
        return {
          kind: 'duplicate',
          held: false,
          cancelled,
          notificationId: group.last_notification_id,
          queued: [],
        };
      }
      const page = group.pages + 1;
      const stored = await insertNotification(client, {
        kind: 'alert',
        receiver: w.receiver,
        idempotencyKey: `alert:${w.groupId}:${page}`,
        status: w.status,
        payload: w.payload,
        channels: w.channels,
        ...(held ? { delayMs: w.holdMs } : {}),
      });
      await client.query(
        `UPDATE notifier_alert_groups
         SET announced = $3, pages = $4, last_page_at = now(), last_notification_id = $5,
             held_notification_id = $6, held_previous = $7
         WHERE receiver = $1 AND group_id = $2`,
        [
          w.receiver,
          w.groupId,
          JSON.stringify(news.announced),
          page,
          stored.notificationId,
          held ? stored.notificationId : null,
          held ? JSON.stringify(previous) : null,
        ],
      );
      return {
        kind: news.kind,
        held,
        cancelled,
        notificationId: stored.notificationId,
        queued: stored.queued,
      };
    });
  }
}
