# Shared by the restore drills (sourced after lib/backup-common.sh, with PORTTRACK_STACK set):
# the database's tables and their row counts, waiting for a condition, and stopping and starting
# PostgreSQL together with the backup service, which mounts its volume too (a volume in use
# cannot be removed).
# shellcheck shell=bash
drill_stack=${PORTTRACK_STACK:-porttrack}
drill_started=$SECONDS
step() { echo "${drill_name:-restore drill}: $* (at $((SECONDS - drill_started)) s)"; }

sql() { pg psql -qAt -v ON_ERROR_STOP=1 -d "$(pg_database)" "$@" </dev/null; }
# Writes fenced off: new transactions are read-only from the reload on, so the stack's services,
# which write whenever PostgreSQL answers, cannot move the row counts a drill compares.
# restore.sh's own session lifts it (SET default_transaction_read_only = off).
fence() { sql -c 'ALTER SYSTEM SET default_transaction_read_only = on' -c 'SELECT pg_reload_conf()' >/dev/null; }
unfence() { sql -c 'ALTER SYSTEM RESET default_transaction_read_only' -c 'SELECT pg_reload_conf()' >/dev/null; }

tables() { # every table that holds rows (partitions, not their parent), sorted
  pg psql -qAt -d "$(pg_database)" -c "SELECT format('%I', c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'" |
    LC_ALL=C sort
}
counts() { # "table rows" for every table of tables()
  local db
  db=$(pg_database)
  tables | while read -r table; do
    echo "$table $(pg psql -qAt -d "$db" -c "SELECT count(*) FROM $table" </dev/null)"
  done
}
wait_for() { # what, command...: up to $wait_for_seconds (120 s)
  local what=$1 limit=${wait_for_seconds:-120}
  shift
  for _ in $(seq 1 "$limit"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "${drill_name:-restore drill}: $what did not happen within $limit s" >&2
  return 1
}
# Over TCP: the image's first-start init runs a temporary server on the socket only.
pg_ready() { pg pg_isready -h 127.0.0.1 -q; }
service_gone() { [ -z "$(docker ps -q -f "label=com.docker.swarm.service.name=${drill_stack}_$1")" ]; }
# The services that mount PostgreSQL's volume: PostgreSQL, and the backup service where it runs.
volume_users() {
  local s
  for s in postgres backup; do
    docker service inspect "${drill_stack}_$s" >/dev/null 2>&1 && echo "$s"
  done
  return 0
}
stop_database() { # scales PostgreSQL (and the backup service) to 0 and waits until they are gone
  local s
  for s in $(volume_users); do
    docker service scale -d "${drill_stack}_$s=0" >/dev/null
    wait_for "${drill_stack}_$s stopping" service_gone "$s"
  done
}
start_database() { # scales them back to 1 and waits for PostgreSQL to answer
  local s
  for s in $(volume_users); do docker service scale -d "${drill_stack}_$s=1" >/dev/null; done
  wait_for "PostgreSQL answering" pg_ready
}
# Fails the drill when the row counts after the restore are not those from before it.
require_same_counts() { # before after
  [ "$2" = "$1" ] && return 0
  diff <(echo "$1") <(echo "$2") >&2 || true
  echo "${drill_name:-restore drill}: FAILED, row counts differ after the restore" >&2
  exit 1
}
# Waits for the caller's --check command (the API serving the restored data), when given one.
check_api_serves() { # check
  [ -n "$1" ] || return 0
  wait_for "the API serving the restored data ($1)" bash -c "$1" || exit 1
  step "the API serves the restored data"
}
