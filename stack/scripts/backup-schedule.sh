#!/usr/bin/env bash
# The stack's backup service: every day at BACKUP_AT (HH:MM, UTC; default 02:30) a pgBackRest
# base backup into both repositories, full on BACKUP_FULL_WEEKDAY (1 = Monday ... 7 = Sunday;
# default 7) and differential on the other days (backup-pgbackrest.sh), then the daily pg_dump
# set (backup.sh, the logical export for moving data between versions). WAL is archived
# continuously by PostgreSQL itself (archive_command), not here. BACKUP_PARTS: the dump set's
# parts (default: all of backup.sh's). Once at start too when
# BACKUP_ON_START=true; BACKUP_EVERY=SECONDS replaces the daily time with a short period (tests).
#   backup-schedule.sh [--once]     --once: one round now, then exit (its status says how it went)
# Encrypted or not at all: it refuses to start without the key (the Docker secret
# backup_encryption_key, or BACKUP_ENCRYPTION_KEY_FILE). pgBackRest runs when its configuration
# is there (PGBACKREST_CONFIG, default /etc/pgbackrest/pgbackrest.conf). After each good round
# it writes the time to BACKUP_DIR/last-success (the guide's checks read it); Prometheus reads
# the freshness of each backup from BACKUP_METRICS_DIR (lib/backup-metrics.sh).
set -uo pipefail
here=$(dirname "$0")
# shellcheck source-path=SCRIPTDIR
. "$here/lib/backup-metrics.sh"
fail() {
  echo "backup-schedule: $*" >&2
  exit 1
}
once=''
[ "${1:-}" != --once ] || once=1
at=${BACKUP_AT:-02:30}
[[ "$at" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || fail "BACKUP_AT=$at is not HH:MM"
full_day=${BACKUP_FULL_WEEKDAY:-7}
[[ "$full_day" =~ ^[1-7]$ ]] || fail "BACKUP_FULL_WEEKDAY=$full_day is not 1 (Monday) to 7 (Sunday)"
every=${BACKUP_EVERY:-}
[ -z "$every" ] || [[ "$every" =~ ^[1-9][0-9]*$ ]] || fail "BACKUP_EVERY=$every is not a number of seconds"
export BACKUP_ENCRYPTION_KEY_FILE=${BACKUP_ENCRYPTION_KEY_FILE:-/run/secrets/backup_encryption_key}
[ -s "$BACKUP_ENCRYPTION_KEY_FILE" ] ||
  fail "refusing to start: no encryption key at $BACKUP_ENCRYPTION_KEY_FILE. Create the Docker secret backup_encryption_key (stack/scripts/create-secrets.sh) and give it to the backup service; backups are never written in plaintext"
pgbackrest_config=${PGBACKREST_CONFIG:-/etc/pgbackrest/pgbackrest.conf}

run_backup() {
  local type=diff ok=1
  [ "$(date -u +%u)" != "$full_day" ] || type=full
  if [ -r "$pgbackrest_config" ]; then
    "$here/backup-pgbackrest.sh" "$type" || {
      ok=''
      echo "backup-schedule: pgBackRest $type backup failed" >&2
    }
  fi
  if "$here/backup.sh" ${BACKUP_PARTS:+--parts "$BACKUP_PARTS"}; then
    record_backup_success dump sets
  else
    ok=''
    echo "backup-schedule: the pg_dump set failed" >&2
  fi
  if [ -n "$ok" ]; then
    date -u +%Y-%m-%dT%H:%M:%SZ >"${BACKUP_DIR:-/backups}/last-success"
  else
    echo "backup-schedule: the next try is the next scheduled round" >&2
  fi
  [ -n "$ok" ]
}

if [ -n "$once" ]; then
  run_backup
  exit
fi
trap 'exit 0' TERM INT # PID 1 in its container: stop at once when Swarm asks
# archive_command fails until the stanza exists in the repositories: create it (or check it
# matches the cluster) as soon as PostgreSQL answers, not at the first scheduled backup.
if [ -r "$pgbackrest_config" ]; then
  until "$here/pgbackrest.sh" --stanza="${PGBACKREST_STANZA:-porttrack}" --log-level-console=warn stanza-create; do
    echo "backup-schedule: the pgBackRest stanza cannot be created yet (PostgreSQL starting?); again in 10 s" >&2
    sleep 10 & wait $!
  done
  echo "backup-schedule: pgBackRest stanza ${PGBACKREST_STANZA:-porttrack} ready: WAL archiving can proceed"
fi
[ "${BACKUP_ON_START:-false}" = true ] && run_backup
while :; do
  now=$(date -u +%s)
  if [ -n "$every" ]; then
    next=$((now + every))
  else
    next=$(date -u -d "today $at" +%s)
    [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $at" +%s)
  fi
  echo "backup-schedule: next backup at $(date -u -d "@$next" +%Y-%m-%dT%H:%M:%SZ)"
  sleep $((next - now)) & wait $! # in the background, so a stop signal ends the wait at once
  run_backup
done
