#!/bin/sh
# Runs once, when the database volume is first initialised. Creates the logins: the API and the
# notifier own the database (they migrate it) without being superusers; Grafana and the business exporter only read, through the porttrack_read role that the
# API's first migration creates (created here too so the grant works before the API has
# started); postgres-exporter monitors through pg_monitor, never as the superuser: its role comes
# from monitor-role.sql (mounted to run first, the same file `npm start` uses), this only sets its
# password.
set -eu
# psql reads each password from its secret file itself (\set with a backquoted cat, whose own
# command line holds only the path): no password on a command line, where ps would show it.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-porttrack}" <<'SQL'
\set app_pw `cat /run/secrets/app_pg_password`
\set grafana_pw `cat /run/secrets/grafana_pg_password`
\set exporter_pw `cat /run/secrets/exporter_pg_password`
\set monitor_pw `cat /run/secrets/pg_monitor_password`
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'porttrack_read') THEN CREATE ROLE porttrack_read NOLOGIN; END IF;
END $$;
CREATE ROLE porttrack_app LOGIN PASSWORD :'app_pw';
ALTER DATABASE porttrack OWNER TO porttrack_app;
CREATE ROLE grafana_reader LOGIN IN ROLE porttrack_read PASSWORD :'grafana_pw';
CREATE ROLE porttrack_exporter LOGIN IN ROLE porttrack_read PASSWORD :'exporter_pw';
ALTER ROLE porttrack_monitor PASSWORD :'monitor_pw';
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO porttrack_read;
SQL
# The streaming standby (postgres-standby) copies the cluster and streams its WAL as postgres, with
# its password, over the data network: replication connections match no `all` database line, so
# they get their own (read when the server starts after these scripts).
echo 'host replication postgres all scram-sha-256' >>"$PGDATA/pg_hba.conf"
