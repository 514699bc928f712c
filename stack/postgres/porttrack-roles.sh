#!/bin/sh
# Runs once, when the database volume is first initialised. Creates the login users the
# exporters and Grafana use; both only read, through the porttrack_read role that the API's
# first migration creates (created here too so the grant works before the API has started).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v grafana_pw="$(cat /run/secrets/grafana_pg_password)" \
  -v exporter_pw="$(cat /run/secrets/exporter_pg_password)" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'porttrack_read') THEN CREATE ROLE porttrack_read NOLOGIN; END IF;
END $$;
CREATE ROLE grafana_reader LOGIN IN ROLE porttrack_read PASSWORD :'grafana_pw';
CREATE ROLE porttrack_exporter LOGIN IN ROLE porttrack_read PASSWORD :'exporter_pw';
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO porttrack_read;
SQL
