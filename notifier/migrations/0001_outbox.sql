-- The notifier's outbox. Every accepted notification is stored here before Alertmanager (or the
-- deploy workflow) gets its 2xx; the worker delivers from it. Owned by the notifier only.

CREATE TABLE notifier_notifications (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('alert', 'deployment', 'digest', 'deadman')),
  receiver        text NOT NULL,
  -- Group key + status + sorted alerts (or the deployment/digest identity): the same notification
  -- is accepted once, whatever Alertmanager retries or notifier restarts happen.
  idempotency_key text NOT NULL UNIQUE,
  status          text,
  payload         jsonb NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifier_notifications_kind_received ON notifier_notifications (kind, received_at);

CREATE TABLE notifier_deliveries (
  id              bigserial PRIMARY KEY,
  notification_id bigint NOT NULL REFERENCES notifier_notifications (id) ON DELETE CASCADE,
  channel         text NOT NULL CHECK (channel IN ('slack', 'email', 'log')),
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A worker owns a claimed delivery until leased_until; a crashed worker's claims expire.
  lease_owner     text,
  leased_until    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  -- One delivery per notification and channel: the store, not the code, forbids a second.
  UNIQUE (notification_id, channel)
);
CREATE INDEX notifier_deliveries_due ON notifier_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifier_deliveries_dead ON notifier_deliveries (finished_at) WHERE state = 'dead';

-- Rate limiting shared by every replica: the next free send slot per target (a Slack webhook,
-- the SMTP relay).
CREATE TABLE notifier_rate_slots (
  target       text PRIMARY KEY,
  next_slot_at timestamptz NOT NULL
);

-- Last heartbeat of the dead man's switch (Alertmanager's always-firing Watchdog).
CREATE TABLE notifier_heartbeats (
  name      text PRIMARY KEY,
  last_seen timestamptz NOT NULL
);
