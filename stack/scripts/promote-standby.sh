#!/usr/bin/env bash
# Promotes the streaming standby to primary after the primary is lost, waits until it accepts
# writes, and (with --swarm) points the stack's services at it.
#   promote-standby.sh [--standby CONNINFO] [--old-primary CONNINFO] [--force] [--timeout SECONDS]
#                      [--swarm STACK [--dry-run]]
# --standby      how to reach the standby (default: the local socket, PGHOST/PGPORT/PGUSER)
# --old-primary  how to reach the old primary, to refuse while it still answers (default
#                host=postgres port=5432): two primaries taking writes (split brain) lose data
#                that no one can merge
# --force        promote even though the old primary answers or the standby still streams from
#                it: only once you have fenced it yourself (stopped it, cut it off)
# --timeout      seconds to wait for the promotion and the first write (default 60)
# --swarm STACK  also, before promoting: scale STACK_postgres to 0, so Swarm cannot restart the
#                old primary on its old data; after: point the API, notifier, exporters,
#                postgres-exporter and the backup service at STACK_postgres-standby, and wait
#                for their rolling updates, updating again one Swarm rolled back
#                (lib/swarm-switch.sh; PORTTRACK_SWITCH_TIMEOUT, default 600 s). Run it on the
#                standby's node: with PG_CONTAINER=auto the SQL runs in the standby's container
# --dry-run      with --swarm: check both servers, then print the docker commands and change nothing
# Exit: 0 promoted, 1 failed (the message says where), 2 refused (nothing changed).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib/backup-common.sh"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib/swarm-switch.sh"
refuse() {
  say "refusing: $*"
  exit 2
}
usage="usage: promote-standby.sh [--standby CONNINFO] [--old-primary CONNINFO] [--force] [--timeout S] [--swarm STACK [--dry-run]]"
standby='' old_primary='host=postgres port=5432' force='' timeout=60 stack='' dry_run=''
while [ $# -gt 0 ]; do
  case "$1" in
    --standby) [ $# -ge 2 ] || refuse "--standby needs a connection string"; standby=$2; shift 2 ;;
    --old-primary) [ $# -ge 2 ] || refuse "--old-primary needs a connection string"; old_primary=$2; shift 2 ;;
    --force) force=1; shift ;;
    --timeout) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || refuse "--timeout needs whole seconds"; timeout=$2; shift 2 ;;
    --swarm) [[ "${2:-}" =~ ^[a-z0-9_-]+$ ]] || refuse "--swarm needs the stack's name"; stack=$2; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    *) refuse "unknown argument '$1' ($usage)" ;;
  esac
done
[ -z "$dry_run" ] || [ -n "$stack" ] || refuse "--dry-run prints the Swarm commands: give --swarm STACK"
if [ -n "$stack" ] && [ "${PG_CONTAINER:-}" = auto ]; then
  PG_CONTAINER=$(docker ps -q -f "label=com.docker.swarm.service.name=${stack}_postgres-standby" | head -1)
  [ -n "$PG_CONTAINER" ] || die "no running container of ${stack}_postgres-standby on this node: run this on the standby's node"
fi
sql() { pg psql -X -qAt -v ON_ERROR_STOP=1 ${standby:+-d "$standby"} -c "$1"; }
started=$(date +%s.%N)
elapsed() { awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# 1. The target is a standby, and its primary is gone.
recovery=$(sql 'SELECT pg_is_in_recovery()') || die "cannot reach the standby (${standby:-local socket}); nothing was changed"
[ "$recovery" = t ] || refuse "${standby:-the local server} is not a standby (pg_is_in_recovery() is false): it is a primary already, nothing to promote"
receiver=$(sql "SELECT status || ' from ' || sender_host || ':' || sender_port FROM pg_stat_wal_receiver WHERE status = 'streaming'")
replayed=$(sql "SELECT coalesce(to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') || ' UTC', 'nothing yet')")
say "standby ${standby:-on the local socket}: last transaction replayed at $replayed"
if ready=$(pg pg_isready -d "$old_primary" -t 3); then answered=0; else answered=$?; fi
case "$answered" in
  0 | 1)
    [ -n "$force" ] || refuse "the old primary ($old_primary) still answers: $ready. Promoting now would give two primaries (split brain); stop it (docker service scale ${stack:-porttrack}_postgres=0), or pass --force once it is fenced"
    say "the old primary answers ($ready), going on because of --force" ;;
  2) say "the old primary ($old_primary) does not answer: promoting" ;;
  *) die "pg_isready could not check the old primary ($old_primary): $ready" ;;
esac
# ... and, wherever the old primary's address leads, the primary the standby follows is gone too.
if [ -n "$receiver" ] && [ -z "$force" ]; then
  refuse "the standby is still $receiver: its primary is alive. Promoting now would give two primaries (split brain); stop the primary first, or pass --force once it is fenced"
fi
[ -z "$stack" ] || fence_old_primary "$stack"
if [ -n "$dry_run" ]; then
  say "dry run: would promote with SELECT pg_promote(true, $timeout), then"
  switch_services "$stack"
  exit 0
fi

# 2. Promote, and wait until a transaction commits.
promoted=$(sql "SELECT pg_promote(true, $timeout)") || die "pg_promote failed (the server's log says why)"
[ "$promoted" = t ] || die "the standby did not finish promoting within $timeout s; see its log"
# A synchronous_standby_names copied from the old primary would hold every commit until a
# standby that does not exist yet confirms it: the new primary starts asynchronous.
sync_source=$(sql "SELECT source FROM pg_settings WHERE name = 'synchronous_standby_names' AND setting <> ''")
case "$sync_source" in
  '') ;;
  'configuration file')
    sql 'ALTER SYSTEM RESET synchronous_standby_names' >/dev/null
    sql 'SELECT pg_reload_conf()' >/dev/null
    say "synchronous_standby_names reset on the new primary: asynchronous until a new standby is attached (BACKUP_RECOVERY.md)" ;;
  *) say "warning: synchronous_standby_names is set by $sync_source on the new primary: commits wait for a standby that is not there; remove it" ;;
esac
deadline=$((SECONDS + timeout))
until [ "$(sql "SET statement_timeout = '5s'; SELECT txid_current() > 0" 2>/dev/null)" = t ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "promoted, but no write committed within $timeout s"
  sleep 0.2
done
say "promoted: ${standby:-the local server} accepts writes ($(elapsed) s after the command)"
[ -z "$stack" ] || switch_services "$stack"
