#!/usr/bin/env bash
# The streaming standby's entry point: makes the data folder a physical copy of the primary fed
# through a replication slot, then runs the server command it is given.
#   standby-setup.sh [COMMAND [ARGS...]]
#     e.g. standby-setup.sh /usr/local/share/porttrack/with-archiving.sh docker-entrypoint.sh postgres
# Idempotent on restart:
#   - an empty or missing data folder: waits for the primary, then `pg_basebackup -R -X stream
#     -S SLOT` (creating the slot with -C unless the primary has it already, idle); -R writes
#     standby.signal and primary_conninfo/primary_slot_name, so the server starts as a standby.
#   - a data folder that is a standby already (standby.signal): kept as it is; the server resumes
#     streaming from the slot where it stopped.
#   - a data folder without standby.signal: this copy was promoted (promote-standby.sh) and is
#     the primary now; kept as it is, and said so.
# Settings:
#   PGDATA                      the data folder (default /var/lib/postgresql/data)
#   PRIMARY_HOST, PRIMARY_PORT  the primary (default postgres, 5432)
#   REPLICATION_USER            a login with REPLICATION (default postgres); its password from
#                               REPLICATION_PASSWORD_FILE or POSTGRES_PASSWORD_FILE when set
#                               (pg_hba.conf on the primary must allow `replication` for it)
#   STANDBY_SLOT                the replication slot, also the standby's application_name, which
#                               synchronous_standby_names names (default standby)
#   STANDBY_WAIT_SECONDS        how long to wait for the primary before giving up (default 300)
set -euo pipefail
say() { echo "standby-setup.sh: $*" >&2; }
die() {
  say "$*"
  exit 1
}
pgdata=${PGDATA:-/var/lib/postgresql/data}
host=${PRIMARY_HOST:-postgres}
port=${PRIMARY_PORT:-5432}
user=${REPLICATION_USER:-postgres}
slot=${STANDBY_SLOT:-standby}
wait_seconds=${STANDBY_WAIT_SECONDS:-300}
[[ "$slot" =~ ^[a-z0-9_]{1,63}$ ]] || die "STANDBY_SLOT '$slot': a slot name is lower-case letters, digits and _"
password_file=${REPLICATION_PASSWORD_FILE:-${POSTGRES_PASSWORD_FILE:-}}
if [ -n "$password_file" ] && [ -z "${PGPASSWORD:-}" ]; then
  [ -r "$password_file" ] || die "cannot read the replication password at $password_file"
  PGPASSWORD=$(tr -d '\n' <"$password_file")
  export PGPASSWORD
fi
primary="host=$host port=$port user=$user application_name=$slot"

copy_primary() {
  local waited=0 state
  until pg_isready -q -d "$primary dbname=postgres" -t 3; do
    [ "$waited" -lt "$wait_seconds" ] || die "the primary $host:$port did not answer within $wait_seconds s; nothing was copied"
    sleep 2
    waited=$((waited + 2))
  done
  # The slot: absent (create it with -C), idle (a copy from an earlier attempt: reuse it), or in
  # use by another standby (refuse: two standbys on one slot would each lose WAL the other read).
  # (psql -c does not interpolate variables; the name was checked above.)
  state=$(psql -X -qAt -d "$primary dbname=postgres" \
    -c "SELECT CASE WHEN active THEN 'active' ELSE 'idle' END FROM pg_replication_slots WHERE slot_name = '$slot'") ||
    die "cannot read pg_replication_slots on the primary $host:$port as $user"
  local create=(--create-slot)
  case "$state" in
    active) die "the replication slot $slot on $host:$port is in use by another standby; give this one its own STANDBY_SLOT" ;;
    idle) create=() && say "reusing the idle replication slot $slot on $host:$port" ;;
  esac
  say "copying the primary $host:$port into $pgdata (pg_basebackup, slot $slot)"
  local started=$SECONDS
  pg_basebackup -d "$primary" -D "$pgdata" --write-recovery-conf --wal-method=stream \
    --slot="$slot" "${create[@]}" --checkpoint=fast --no-password ||
    die "pg_basebackup from $host:$port failed (its message is above); the data folder was left empty"
  # A primary restored to a moment (restore.sh --to MOMENT) keeps pgBackRest's recovery_target_*
  # lines in postgresql.auto.conf, and the copy brings them along: a standby would stop following
  # at that moment, then pause or promote itself. A standby follows its primary with no target.
  sed -i '/^recovery_target/d' "$pgdata/postgresql.auto.conf"
  say "copied in $((SECONDS - started)) s; the server starts as a standby streaming from slot $slot"
}

if [ -f "$pgdata/PG_VERSION" ]; then
  if [ -f "$pgdata/standby.signal" ]; then
    say "$pgdata is a standby already: resuming streaming from slot $slot"
  else
    say "$pgdata has no standby.signal: it was promoted and is a primary now; starting it as one"
  fi
elif [ -n "$(find "$pgdata" -mindepth 1 -maxdepth 1 2>/dev/null | head -1)" ]; then
  die "$pgdata holds files but no PostgreSQL cluster (PG_VERSION): move them aside; nothing was changed"
else
  mkdir -p "$pgdata"
  chmod 0700 "$pgdata"
  copy_primary
fi
[ $# -eq 0 ] || exec "$@"
