-- A counter per table whose answers the API keeps as JSON (api/platform/versioned-answers.ts):
-- every statement that changes the table moves its counter in the same transaction, so a replica
-- that reads an unchanged counter knows its kept answers are current, whichever replica (or
-- psql session, or seed) wrote last. Statement-level triggers: one bump per statement, however
-- many rows; a rolled-back change rolls its bump back with it. What bypasses triggers (triggers
-- disabled, session_replication_role = replica) must restart the API replicas.

CREATE TABLE change_counters (
  name    text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);

-- Moves the counter named by its argument when the statement changed a row (an UPDATE or DELETE
-- that matched nothing moves nothing). The transition tables are named old_rows/new_rows.
CREATE FUNCTION bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM old_rows LIMIT 1;
  ELSIF TG_OP <> 'TRUNCATE' THEN
    PERFORM 1 FROM new_rows LIMIT 1;
  END IF;
  IF TG_OP = 'TRUNCATE' OR FOUND THEN
    UPDATE change_counters SET version = version + 1 WHERE name = TG_ARGV[0];
  END IF;
  RETURN NULL;
END
$$;

INSERT INTO change_counters (name) VALUES ('vessels');
CREATE TRIGGER vessels_inserted AFTER INSERT ON vessels REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('vessels');
CREATE TRIGGER vessels_updated AFTER UPDATE ON vessels REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('vessels');
CREATE TRIGGER vessels_deleted AFTER DELETE ON vessels REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('vessels');
CREATE TRIGGER vessels_truncated AFTER TRUNCATE ON vessels
  FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('vessels');

GRANT SELECT ON change_counters TO porttrack_read;
