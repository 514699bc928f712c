-- User administration: disabled accounts, a per-user token version (revocation), the `probe`
-- role of the synthetic journeys, and the audit log of who changed which account.

-- Tokens carry the version they were signed with; disabling, re-roling or resetting a password
-- bumps it and the API refuses every older token at once.
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 1;
-- Set while the account is disabled: it cannot log in and its tokens are refused.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'operator', 'viewer', 'probe'));

-- Who did what to which account. Details never hold passwords or hashes.
CREATE TABLE user_audit_log (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  -- The admin's email through the API, `cli:<os user>` from `npm run users`.
  actor          text NOT NULL,
  actor_user_id  bigint REFERENCES users (id),
  action         text NOT NULL CHECK (action IN ('create', 'disable', 'enable', 'set_role', 'reset_password')),
  target_user_id bigint NOT NULL REFERENCES users (id),
  target_email   text NOT NULL,
  details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX user_audit_log_at ON user_audit_log (at DESC, id DESC);

-- The exporters and Grafana read the port, not who administers it.
REVOKE SELECT ON user_audit_log FROM porttrack_read;
