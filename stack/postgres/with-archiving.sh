#!/usr/bin/env bash
# Runs a PostgreSQL server command with the settings of archiving.conf (beside this script, or
# ARCHIVING_CONF) appended as `-c name=value` flags:
#   with-archiving.sh docker-entrypoint.sh postgres     (the stack's PostgreSQL image)
#   with-archiving.sh postgres -D DATA -p PORT          (the PITR test's own cluster)
# Flags rather than an include in the data folder's postgresql.conf: a cluster initialised
# before archiving existed gets them at its next start.
# It also runs one CHECKPOINT once the server it starts is open for writes: after crash recovery
# or a point-in-time recovery, PostgreSQL 15 honours archive_timeout only from the next
# checkpoint on (runbooks/BACKUP_RECOVERY.md, "Point-in-time recovery", step 4).
set -euo pipefail
conf=${ARCHIVING_CONF:-$(dirname "$0")/archiving.conf}
[ -r "$conf" ] || { echo "with-archiving.sh: cannot read $conf" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: with-archiving.sh COMMAND [ARGS...]" >&2; exit 2; }
flags=()
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  if [[ "$line" =~ ^([a-z_]+)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
    name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
    [[ "$value" =~ ^\'(.*)\'$ ]] && value=${BASH_REMATCH[1]}
    flags+=(-c "$name=$value")
  else
    echo "with-archiving.sh: $conf: cannot read the line: $line" >&2
    exit 1
  fi
done <"$conf"

# Waits until the server with process id $1 (this script's, once it has exec'd the server)
# writes `ready` into DATA/postmaster.pid and is out of recovery, then runs CHECKPOINT over the
# socket that file names. A standby (standby.signal) needs none and gets none. It ends when the
# server does, and always with status 0: in the container the server is process 1 and reaps
# this process, and any other status would count there as a crashed backend.
checkpoint_when_open() {
  set +eu
  trap 'exit 0' HUP INT QUIT TERM
  local server=$1 data=$2 pidfile=$2/postmaster.pid lines
  local user=${POSTGRES_USER:-postgres}
  while kill -0 "$server" 2>/dev/null; do
    sleep 1
    lines=()
    [ -r "$pidfile" ] && mapfile -t lines <"$pidfile"
    # postmaster.pid: 1 process id, 4 port, 5 socket folder, 8 status (padded with spaces).
    if [ "${lines[0]}" != "$server" ] || [ "${lines[7]%% *}" != ready ]; then continue; fi
    [ -e "$data/standby.signal" ] && exit 0
    local psql=(psql -XAtq -h "${lines[4]:-127.0.0.1}" -p "${lines[3]}" -U "$user" -d postgres)
    [ "$("${psql[@]}" -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] || continue
    if "${psql[@]}" -c CHECKPOINT; then
      echo "with-archiving.sh: CHECKPOINT once open for writes: archive_timeout holds from now on" >&2
    else
      echo "with-archiving.sh: the CHECKPOINT after start failed: archive_timeout may wait for the next checkpoint" >&2
    fi
    exit 0
  done
  exit 0
}
data=${PGDATA:-}
prev=
for arg in "$@"; do
  [ "$prev" = -D ] && data=$arg
  prev=$arg
done
if [ -n "$data" ]; then
  # Detached (the subshell ends at once): it outlives nothing but the server.
  (checkpoint_when_open "$$" "$data" </dev/null &)
else
  echo "with-archiving.sh: no data folder (-D or PGDATA): no CHECKPOINT after start" >&2
fi
exec "$@" "${flags[@]}"
