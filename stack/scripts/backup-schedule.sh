#!/usr/bin/env bash
# The stack's backup service: runs backup.sh every day at BACKUP_AT (HH:MM, UTC; default 02:30),
# and once at start when BACKUP_ON_START=true. The schedule lives here, in the stack, and nowhere
# else; the VM only ships finished sets off-site. After each success it writes the time to
# BACKUP_DIR/last-success, which the guide's disk and freshness checks read.
set -uo pipefail
here=$(dirname "$0")
at=${BACKUP_AT:-02:30}
[[ "$at" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || { echo "backup-schedule: BACKUP_AT=$at is not HH:MM" >&2; exit 1; }

run_backup() {
  if "$here/backup.sh"; then
    date -u +%Y-%m-%dT%H:%M:%SZ >"${BACKUP_DIR:-/backups}/last-success"
  else
    echo "backup-schedule: backup failed; next try at $at UTC" >&2
  fi
}

trap 'exit 0' TERM INT # PID 1 in its container: stop at once when Swarm asks
[ "${BACKUP_ON_START:-false}" = true ] && run_backup
while :; do
  now=$(date -u +%s)
  next=$(date -u -d "today $at" +%s)
  [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $at" +%s)
  echo "backup-schedule: next backup at $(date -u -d "@$next" +%Y-%m-%dT%H:%MZ)"
  sleep $((next - now)) & wait $! # in the background, so a stop signal ends the wait at once
  run_backup
done
