-- The login postgres-exporter uses: PostgreSQL's built-in pg_monitor role (every pg_stat_* view
-- and pg_settings), no table data, and at most 3 connections so monitoring can never take the
-- connections it watches. Run as a superuser; safe to run again and from two sessions at once.
-- `npm start` and the e2e suite run it (local-platform/database-exporters.ts); the stack and
-- the compose file run it as an init script before porttrack-roles.sh, which sets its password.
DO $$
BEGIN
  CREATE ROLE porttrack_monitor LOGIN CONNECTION LIMIT 3;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- already there (or created by a concurrent session)
END
$$;
GRANT pg_monitor TO porttrack_monitor;
