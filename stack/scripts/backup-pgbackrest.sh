#!/usr/bin/env bash
# One pgBackRest base backup of the stack's PostgreSQL into every repository the configuration
# names (repo1 local, repo2 off-site: each is written by pgBackRest itself, never mirrored, so
# a deletion in one never reaches the other), then retention as the configuration says
# (pgBackRest expires after each backup). The backup service's schedule runs it: full weekly,
# diff daily (backup-schedule.sh).
#   stack/scripts/backup-pgbackrest.sh full|diff
# Settings: PGBACKREST_CONFIG, PGBACKREST_STANZA (porttrack), the keys (pgbackrest.sh),
# BACKUP_METRICS_DIR (lib/backup-metrics.sh), BACKUP_WAIT_SECONDS (how long a backup waits for
# another one to end, default 3600).
set -euo pipefail
here=$(dirname "$0")
# shellcheck source-path=SCRIPTDIR
. "$here/lib/backup-metrics.sh"
die() {
  echo "backup-pgbackrest.sh: $*" >&2
  exit 1
}
type=${1:-}
[[ "$type" =~ ^(full|diff)$ ]] || die "usage: backup-pgbackrest.sh full|diff (got '$type')"
config=${PGBACKREST_CONFIG:-/etc/pgbackrest/pgbackrest.conf}
stanza=${PGBACKREST_STANZA:-porttrack}
mapfile -t repos < <(sed -n 's/^repo\([0-9]\)-path=.*/\1/p' "$config" | sort -u)
[ ${#repos[@]} -gt 0 ] || die "$config names no repository (repoN-path)"

# One backup at a time: the schedule's round and one started by hand (an operator, a drill) would
# otherwise meet on pgBackRest's backup lock, and the second would fail between repositories. The
# second waits for the first, saying so.
wait_s=${BACKUP_WAIT_SECONDS:-3600}
[[ "$wait_s" =~ ^[0-9]+$ ]] || die "BACKUP_WAIT_SECONDS: whole seconds, not '$wait_s'"
lock_dir=${PGBACKREST_LOCK_PATH:-/tmp/pgbackrest}
mkdir -p "$lock_dir"
exec 9>>"$lock_dir/porttrack-backup-round.lock"
if ! flock -n 9; then
  echo "backup-pgbackrest.sh: another backup is running; waiting for it to end (at most $wait_s s)" >&2
  flock -w "$wait_s" 9 || die "another backup still runs after $wait_s s; nothing was backed up"
fi

# Creates the stanza the first time, checks it matches the cluster (and the keys) afterwards.
# It takes the archive lock, which PostgreSQL's archive-push holds for a moment per segment:
# error [050] (lock busy) is tried again, 5 times 2 s apart; any other error stops at once.
for attempt in 1 2 3 4 5; do
  if out=$("$here/pgbackrest.sh" --stanza="$stanza" --log-level-console=warn stanza-create 2>&1); then
    [ -z "$out" ] || echo "$out" >&2
    break
  fi
  echo "$out" >&2
  [[ "$out" == *"[050]"* && $attempt -lt 5 ]] || die "stanza $stanza: pgBackRest cannot use the repositories (its message is above)"
  echo "backup-pgbackrest.sh: the archive lock is busy (archive-push), trying again in 2 s" >&2
  sleep 2
done
failed=()
for repo in "${repos[@]}"; do
  started=$SECONDS
  # A diff with no full before it becomes a full (pgBackRest says so).
  if "$here/pgbackrest.sh" --stanza="$stanza" --repo="$repo" --type="$type" --log-level-console=warn backup; then
    record_backup_success "$type" "repo$repo"
    echo "backup-pgbackrest.sh: $type backup into repo$repo in $((SECONDS - started)) s"
  else
    failed+=("repo$repo")
  fi
done
[ ${#failed[@]} -eq 0 ] || die "$type backup failed for ${failed[*]} (pgBackRest's message is above)"
