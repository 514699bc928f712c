#!/usr/bin/env bash
# One pgBackRest base backup of the stack's PostgreSQL into every repository the configuration
# names (repo1 local, repo2 off-site: each is written by pgBackRest itself, never mirrored, so
# a deletion in one never reaches the other), then retention as the configuration says
# (pgBackRest expires after each backup). The backup service's schedule runs it: full weekly,
# diff daily (backup-schedule.sh).
#   stack/scripts/backup-pgbackrest.sh full|diff
# Settings: PGBACKREST_CONFIG, PGBACKREST_STANZA (porttrack), the keys (pgbackrest.sh),
# BACKUP_METRICS_DIR (lib/backup-metrics.sh).
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

# Creates the stanza the first time, checks it matches the cluster (and the keys) afterwards.
"$here/pgbackrest.sh" --stanza="$stanza" --log-level-console=warn stanza-create ||
  die "stanza $stanza: pgBackRest cannot use the repositories (its message is above)"
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
