-- A change counter names a state of its table; it no longer counts (api/platform/versioned-answers.ts).
--
-- 0005 moved a counter by one per statement. When the database is rewound under running API
-- replicas (a point-in-time restore, the promotion of an asynchronous standby that had not
-- received the last writes, a dump restored over it), the counter goes back to an older number,
-- and the next writes bring it again to numbers a replica keeps answers for: answers made from
-- the writes the database lost, served for as long as the counter reads that number. From here
-- on every statement that changes the table sets its counter to a fresh random value instead. A
-- value then names one state of one history: a rewound database reads either the value of a state
-- it came back to (the same rows, so the same answers) or values never seen before. Two values
-- drawn at random are equal with a chance of 2^-52. 52 bits so that a value is exact as a
-- JavaScript number (lib/db/pool.ts parses int8 with Number). Values have no order: they are
-- compared for equality only.
--
-- The bits come from gen_random_uuid() (the server's strong random source), not from random():
-- random() repeats its sequence in a session that called setseed(), as two histories might.
-- The last 13 hex digits of a version-4 UUID are all random (its version and variant digits come
-- before them).
--
-- The counters get a fresh value now, and a counter added later one by default, so no number that
-- 0005 gave stays in use. CREATE OR REPLACE keeps the function's identity: the triggers of 0005
-- call the new body. Otherwise as in 0005: only a statement that changed a row sets a value, in
-- its own transaction (a rollback takes it back); what bypasses triggers (triggers disabled,
-- session_replication_role = replica) still needs the API replicas restarted.

CREATE FUNCTION fresh_change_version() RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT ('x' || right(replace(gen_random_uuid()::text, '-', ''), 13))::bit(52)::bigint
$$;

CREATE OR REPLACE FUNCTION bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM old_rows LIMIT 1;
  ELSIF TG_OP <> 'TRUNCATE' THEN
    PERFORM 1 FROM new_rows LIMIT 1;
  END IF;
  IF TG_OP = 'TRUNCATE' OR FOUND THEN
    UPDATE change_counters SET version = fresh_change_version() WHERE name = TG_ARGV[0];
  END IF;
  RETURN NULL;
END
$$;

ALTER TABLE change_counters ALTER COLUMN version SET DEFAULT fresh_change_version();
UPDATE change_counters SET version = fresh_change_version();
