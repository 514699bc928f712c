#!/usr/bin/env bash
# Takes one backup set: PostgreSQL (pg_dump, custom format), Grafana's state, a Prometheus TSDB
# snapshot and Alertmanager's silences, into BACKUP_DIR/porttrack-<UTC time>/ with SHA256SUMS;
# then applies retention and runs the off-site copy hook. The stack's backup service runs it on
# its schedule; a person can run it on the manager with PG_CONTAINER=auto.
#   stack/scripts/backup.sh [--parts postgres,grafana,prometheus,alertmanager]
# Settings (besides those in lib/backup-common.sh):
#   BACKUP_DIR                  where sets are written (default /backups)
#   BACKUP_KEEP_DAYS            sets older than this are deleted (default 14) ...
#   BACKUP_KEEP_MIN             ... but the newest this many are always kept (default 3)
#   BACKUP_ENCRYPTION_KEY_FILE  when set, every file is encrypted with it (AES-256, PBKDF2)
#   BACKUP_OFFSITE_HOOK         command run with the finished set's path as $1 (e.g. rclone, rsync)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib/backup-common.sh"

parts=postgres,grafana,prometheus,alertmanager
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=${2:?--parts needs a list}; shift 2 ;;
    *) die "unknown argument $1 (usage: backup.sh [--parts postgres,grafana,prometheus,alertmanager])" ;;
  esac
done
backup_dir=${BACKUP_DIR:-/backups}
keep_days=${BACKUP_KEEP_DAYS:-14}
keep_min=${BACKUP_KEEP_MIN:-3}
key=${BACKUP_ENCRYPTION_KEY_FILE:-}
[ -z "$key" ] || [ -s "$key" ] || die "BACKUP_ENCRYPTION_KEY_FILE $key is missing or empty"

# The hook gets one finished set to add; it must never mirror deletions (no rsync --delete): a
# wiped or ransomed BACKUP_DIR would otherwise erase the off-site copy too. Refused before any
# work, so a refused hook leaves no set behind.
mirrors='(--del([a-z-]*)?|--mirror|rclone[[:space:]]+sync)([[:space:]]|$)'
[[ ! "${BACKUP_OFFSITE_HOOK:-}" =~ $mirrors ]] ||
  die "BACKUP_OFFSITE_HOOK mirrors deletions ($BACKUP_OFFSITE_HOOK): copy the set only (rsync -a --ignore-existing, rclone copy)"

name=porttrack-$(stamp)
set_dir=$backup_dir/$name
# Sets are named by the second: a second run within it must not pour into the first's set.
[ ! -e "$set_dir" ] || die "a set named $name already exists (another backup in the same second); run again"
work=$backup_dir/.$name.partial
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

backup_postgres() {
  local db
  db=$(pg_database)
  pg pg_dump --format=custom --compress=6 --dbname="$db" >"$work/postgres.dump"
  pg pg_restore --list <"$work/postgres.dump" >/dev/null # a dump pg_restore cannot read is no backup
  echo "postgres: database $db, $(wc -c <"$work/postgres.dump") bytes"
}

backup_grafana() {
  [ -f "$grafana_data/grafana.db" ] || die "no grafana.db in $grafana_data (set GRAFANA_DATA_DIR)"
  tar -C "$grafana_data" -czf "$work/grafana.tar.gz" .
  echo "grafana: $(wc -c <"$work/grafana.tar.gz") bytes"
}

# The snapshot this run asked for, and nothing else, is removed after archiving: the name the
# admin API answers must have Prometheus' own form (UTC time, '-', 16 hex digits: no '/', no
# '..') and be a folder that was not there before the request. Anything else is refused before
# a file is touched: a wrong or hostile answer must never choose what `rm -rf` removes.
snapshot_form='^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$'
backup_prometheus() {
  local answer snapshot snapshots=$prometheus_data/snapshots before
  before=$(find "$snapshots" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null || true)
  answer=$(curl_monitoring -X POST "$prometheus_url/api/v1/admin/tsdb/snapshot") ||
    die "Prometheus refused a snapshot at $prometheus_url (is --web.enable-admin-api set?)"
  snapshot=$(sed -n 's/.*"name":"\([^"]*\)".*/\1/p' <<<"$answer")
  [[ "$snapshot" =~ $snapshot_form ]] ||
    die "refusing snapshot name '$snapshot' from $prometheus_url: not a name Prometheus makes (nothing deleted)"
  grep -qxF -- "$snapshot" <<<"$before" &&
    die "refusing snapshot '$snapshot': it was there before this backup asked for one (nothing deleted)"
  if [ -L "$snapshots/$snapshot" ] || [ ! -d "$snapshots/$snapshot" ]; then
    die "snapshot '$snapshot' not found as a folder under $snapshots (set PROMETHEUS_DATA_DIR; nothing deleted)"
  fi
  tar -C "$prometheus_data/snapshots/$snapshot" -czf "$work/prometheus-snapshot.tar.gz" .
  rm -rf "${prometheus_data:?}/snapshots/$snapshot"
  echo "prometheus: snapshot $snapshot, $(wc -c <"$work/prometheus-snapshot.tar.gz") bytes"
}

backup_alertmanager() {
  curl_monitoring "$alertmanager_url/api/v2/silences" >"$work/alertmanager-silences.json"
  echo "alertmanager: $(grep -o '"id"' "$work/alertmanager-silences.json" | wc -l) silences"
}

IFS=, read -r -a wanted <<<"$parts"
for part in "${wanted[@]}"; do
  case "$part" in
    postgres | grafana | prometheus | alertmanager) "backup_$part" ;;
    *) die "unknown part $part" ;;
  esac
done

{
  echo "created $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "parts ${parts}"
  echo "encrypted $([ -n "$key" ] && echo yes || echo no)"
} >"$work/MANIFEST"
if [ -n "$key" ]; then
  for f in "$work"/*; do
    [ "${f##*/}" = MANIFEST ] && continue
    openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt -pass "file:$key" -in "$f" -out "$f.enc"
    rm -f "$f"
  done
fi
(cd "$work" && sha256sum -- * >SHA256SUMS)
mv "$work" "$set_dir"
trap - EXIT
echo "backup: $set_dir in $((SECONDS - started)) s"

# Retention: sets are named by UTC time, so names sort by age.
cutoff=$(date -u -d "-$keep_days days" +%Y%m%dT%H%M%SZ)
mapfile -t sets < <(find "$backup_dir" -mindepth 1 -maxdepth 1 -name 'porttrack-*' -printf '%f\n' | sort -r)
# Only what backup.sh made is removed: a folder named porttrack-<UTC time> holding its MANIFEST,
# not a link; anything else that matches the pattern is left alone and named.
set_form='^porttrack-[0-9]{8}T[0-9]{6}Z$'
for old in "${sets[@]:$keep_min}"; do
  [[ "${old#porttrack-}" < "$cutoff" ]] || continue
  if [[ ! "$old" =~ $set_form ]] || [ -L "$backup_dir/$old" ] || [ ! -f "$backup_dir/$old/MANIFEST" ]; then
    say "retention: refusing to remove $old: not a set backup.sh made (no MANIFEST, a link, or another name)"
    continue
  fi
  rm -rf "${backup_dir:?}/$old"
  echo "retention: removed $old (older than $keep_days days)"
done

# The off-site hook runs last, on the finished set.
if [ -n "${BACKUP_OFFSITE_HOOK:-}" ]; then
  bash -c "$BACKUP_OFFSITE_HOOK" offsite-hook "$set_dir" || die "off-site copy hook failed for $set_dir"
  echo "off-site: copied $set_dir"
fi
