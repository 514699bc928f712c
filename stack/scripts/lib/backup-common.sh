# Shared by backup.sh and restore.sh (sourced, not run): how to reach PostgreSQL and the
# monitoring services, and small helpers. Settings, all optional:
#   PG_CONTAINER          run pg_dump/pg_restore inside this container (docker exec), so client
#                         and server versions match; on the Swarm manager, `auto` finds the task
#                         of the ${PORTTRACK_STACK:-porttrack}_postgres service
#   PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD or POSTGRES_PASSWORD_FILE
#                         without PG_CONTAINER: the client tools on PATH connect directly (the
#                         stack's backup service runs the PostgreSQL image itself, so they match)
#   PROMETHEUS_URL        http://prometheus:9090 (admin API: reachable only inside the stack)
#   PROMETHEUS_DATA_DIR   /prometheus (its TSDB volume, where snapshots land)
#   ALERTMANAGER_URL      http://alertmanager:9093
#   MONITORING_PASSWORD_FILE, MONITORING_USER (oncall)
#                         the login Prometheus and Alertmanager demand (--web.config.file)
#   GRAFANA_DATA_DIR      /grafana (Grafana's volume: grafana.db and plugins)
# shellcheck shell=bash disable=SC2034 # its variables are used by the scripts that source it

say() { echo "${0##*/}: $*" >&2; }
die() {
  say "$*"
  exit 1
}

prometheus_url=${PROMETHEUS_URL:-http://prometheus:9090}
prometheus_data=${PROMETHEUS_DATA_DIR:-/prometheus}
alertmanager_url=${ALERTMANAGER_URL:-http://alertmanager:9093}
grafana_data=${GRAFANA_DATA_DIR:-/grafana}

if [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ -z "${PGPASSWORD:-}" ]; then
  PGPASSWORD=$(cat "$POSTGRES_PASSWORD_FILE")
  export PGPASSWORD
fi

pg_container() {
  local c=${PG_CONTAINER:-}
  if [ "$c" = auto ]; then
    c=$(docker ps -q -f "label=com.docker.swarm.service.name=${PORTTRACK_STACK:-porttrack}_postgres" | head -1)
    [ -n "$c" ] || die "no running container of ${PORTTRACK_STACK:-porttrack}_postgres on this node"
  fi
  echo "$c"
}

# pg TOOL ARGS...: a PostgreSQL client tool, inside the container when PG_CONTAINER is set.
# Inside, it connects over the local socket as the image's POSTGRES_USER.
pg() {
  local c
  # pg_container's die only leaves its own subshell: without this check a missing container
  # would fall through to the host's client tools (and the host's PostgreSQL, if it has one).
  c=$(pg_container) || return 1
  if [ -n "$c" ]; then
    docker exec -i "$c" sh -c 'tool=$1; shift; exec "$tool" -U "${POSTGRES_USER:-postgres}" "$@"' sh "$@"
  else
    "$@"
  fi
}

# The database to dump or restore into: PGDATABASE, or the container's POSTGRES_DB.
pg_database() {
  local c
  c=$(pg_container) || return 1
  if [ -n "${PGDATABASE:-}" ]; then
    echo "$PGDATABASE"
  elif [ -n "$c" ]; then
    docker exec "$c" sh -c 'echo "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"'
  else
    die "set PGDATABASE (or PG_CONTAINER)"
  fi
}

# curl to Prometheus or Alertmanager with their login; the password goes through curl's config
# on stdin, never argv.
curl_monitoring() {
  if [ -n "${MONITORING_PASSWORD_FILE:-}" ]; then
    printf 'user = "%s:%s"\n' "${MONITORING_USER:-oncall}" "$(tr -d '\n' <"$MONITORING_PASSWORD_FILE")" | curl -fsS -K - "$@"
  else
    curl -fsS "$@"
  fi
}

stamp() { date -u +%Y%m%dT%H%M%SZ; }
