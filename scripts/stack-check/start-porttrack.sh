#!/usr/bin/env bash
# test.yml's stack-check job: PortTrack on the runner with `npm start`, its parts on ports
# 9086-9093 so that Prometheus answers on 9090 as the provisioned datasource expects, the
# database in the job's PostgreSQL service (where Grafana's read-only login is created, as the
# stack's PostgreSQL init script does), and the API's logs pushed to Loki. Its Prometheus runs as
# replica a of a pair like the stack's (external labels cluster and replica, as
# stack/prometheus/prometheus.yml has them): thanos-up.sh adds replica b and Thanos Query.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=.data/stack-check
secrets=${STACK_CHECK_SECRETS:-$PWD/$data/secrets}
psql=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)

"${psql[@]}" -c 'CREATE DATABASE porttrack' || true
mkdir -p "$data"
PORTTRACK_PORT_BASE=9086 PORTTRACK_DATA_DIR="$data" DATABASE_URL=postgres://postgres@127.0.0.1:5432/porttrack \
  LOKI_URL=http://127.0.0.1:3100 PORTTRACK_CLUSTER=stack-check PROMETHEUS_REPLICA=a \
  nohup npm start >"$data/npm-start.log" 2>&1 &
for _ in $(seq 1 120); do
  grep -q '] ready$' "$data/npm-start.log" && break
  sleep 2
done
grep -q '] ready$' "$data/npm-start.log" || {
  tail -40 "$data/npm-start.log" >&2
  exit 1
}
# The API's first migration made porttrack_read (SELECT on the port tables, not on users).
# The password is read by psql itself (\set with a backquoted cat): never on a command line.
"${psql[@]}" -d porttrack -v pwfile="$secrets/grafana_pg_password" <<'SQL'
\set pw `cat :'pwfile'`
CREATE ROLE grafana_reader LOGIN IN ROLE porttrack_read PASSWORD :'pw';
SQL
# Rates need a few scrapes (every 5 s) and the probe runner a journey or two (every 30 s).
sleep 75
echo "stack-check: PortTrack running (log $data/npm-start.log)"
