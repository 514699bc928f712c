-- Accounts can be removed: a production start removes the demo accounts (*@porttrack.local) it
-- finds in a database that once ran the demo. The audit log keeps every row of a removed account,
-- with its email; only the link to the account (target_user_id, actor_user_id) becomes NULL.

ALTER TABLE user_audit_log DROP CONSTRAINT user_audit_log_action_check;
ALTER TABLE user_audit_log ADD CONSTRAINT user_audit_log_action_check CHECK (action IN ('create', 'disable', 'enable', 'set_role', 'reset_password', 'remove'));

ALTER TABLE user_audit_log ALTER COLUMN target_user_id DROP NOT NULL;
ALTER TABLE user_audit_log
  DROP CONSTRAINT user_audit_log_target_user_id_fkey,
  ADD CONSTRAINT user_audit_log_target_user_id_fkey FOREIGN KEY (target_user_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE user_audit_log
  DROP CONSTRAINT user_audit_log_actor_user_id_fkey,
  ADD CONSTRAINT user_audit_log_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES users (id) ON DELETE SET NULL;
