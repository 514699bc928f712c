# Sourced by the backup scripts: the freshness of each backup, for Prometheus, as a file for
# node-exporter's textfile collector (BACKUP_METRICS_DIR/porttrack_backup.prom; unset: none).
# One series per kind (full, diff: pgBackRest base backups; dump: backup.sh's set) and
# repository (repo1, repo2: pgBackRest's local and off-site; sets: BACKUP_DIR), the Unix time
# of its last success. Rules: rules/durability.ts. Written whole to a temporary file and renamed,
# so a scrape never reads half a file.
# shellcheck shell=bash

# record_backup_success KIND REPO
record_backup_success() {
  local dir=${BACKUP_METRICS_DIR:-} file name series
  [ -n "$dir" ] || return 0
  file=$dir/porttrack_backup.prom
  name=porttrack_backup_last_success_timestamp_seconds
  series="$name{kind=\"$1\",repo=\"$2\"}"
  mkdir -p "$dir"
  {
    echo "# HELP $name Unix time of the last successful backup of this kind into this repository."
    echo "# TYPE $name gauge"
    { [ -f "$file" ] && grep "^$name{" "$file" | grep -vF "$series "; echo "$series $(date -u +%s)"; } | sort
  } >"$file.tmp"
  mv -f "$file.tmp" "$file"
}
