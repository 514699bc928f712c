import type { Pool } from '../../lib/db/pool.ts';
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
  /** What this webhook is for the group, given what was announced and when it was last paged. */
  decide: (announced: AnnouncedAlerts, lastPageAt: Date | null, now: Date) => GroupNews;
}

export interface GroupAcceptance {
  kind: NewsKind;
  /** The notification stored for this webhook, or the group's last one for a duplicate. */
  notificationId: number | null;
  queued: ChannelName[];
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
      const { rows } = await client.query<{
        announced: AnnouncedAlerts;
        pages: number;
        last_page_at: Date | null;
        last_notification_id: number | null;
        now: Date;
      }>(
        `INSERT INTO notifier_alert_groups (receiver, group_id, group_labels) VALUES ($1, $2, $3)
         ON CONFLICT (receiver, group_id) DO UPDATE SET updated_at = now()
         RETURNING announced, pages, last_page_at, last_notification_id, now() AS now`,
        [w.receiver, w.groupId, JSON.stringify(w.groupLabels)],
      );
      const group = rows[0]!;
      const news = w.decide(group.announced, group.last_page_at, group.now);
      if (news.kind === 'duplicate') {
        await client.query(
          'UPDATE notifier_alert_groups SET duplicates = duplicates + 1 WHERE receiver = $1 AND group_id = $2',
          [w.receiver, w.groupId],
        );
        return { kind: news.kind, notificationId: group.last_notification_id, queued: [] };
      }
      const page = group.pages + 1;
      const stored = await insertNotification(client, {
        kind: 'alert',
        receiver: w.receiver,
        idempotencyKey: `alert:${w.groupId}:${page}`,
        status: w.status,
        payload: w.payload,
        channels: w.channels,
      });
      await client.query(
        `UPDATE notifier_alert_groups
         SET announced = $3, pages = $4, last_page_at = now(), last_notification_id = $5
         WHERE receiver = $1 AND group_id = $2`,
        [w.receiver, w.groupId, JSON.stringify(news.announced), page, stored.notificationId],
      );
      return { kind: news.kind, notificationId: stored.notificationId, queued: stored.queued };
    });
  }
}
