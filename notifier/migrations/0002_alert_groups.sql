-- What each Alertmanager group has been paged with, so that "the same notification" means the
-- same news for the receiver, not the same webhook: peers of an Alertmanager cluster send their
-- own copies (other startsAt, a subset of the alerts, a lagging state) and re-send an unchanged
-- group after repeat_interval. Every webhook for a group locks its row (INSERT ... ON CONFLICT
-- DO UPDATE), so two notifier replicas decide one after the other, in the same transaction that
-- stores the notification.
CREATE TABLE notifier_alert_groups (
  receiver             text NOT NULL,
  -- sha256 of the receiver and the sorted group labels (notifier/receiving/group-news.ts).
  group_id             text NOT NULL,
  group_labels         jsonb NOT NULL,
  -- fingerprint -> {status, startsAt, endsAt}: what was announced of each alert.
  announced            jsonb NOT NULL DEFAULT '{}',
  -- Pages sent for this group (state changes and reminders); the nth page's idempotency key
  -- is alert:<group_id>:<n>.
  pages                integer NOT NULL DEFAULT 0,
  last_page_at         timestamptz,
  last_notification_id bigint REFERENCES notifier_notifications (id) ON DELETE SET NULL,
  -- A page held back (its deliveries due only at the end of the hold): alerts firing again under
  -- a start no later than their announced resolution, which a lagging peer sends just before the
  -- cluster repeats the resolution. held_previous is the group's state before it
  -- ({announced, lastPageAt}), restored when the resolution comes back and the page is cancelled.
  held_notification_id bigint REFERENCES notifier_notifications (id) ON DELETE SET NULL,
  held_previous        jsonb,
  -- Webhooks that carried nothing new (Alertmanager's retries and its peers' copies).
  duplicates           bigint NOT NULL DEFAULT 0,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (receiver, group_id)
);
