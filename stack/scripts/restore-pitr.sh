#!/usr/bin/env bash
# Point-in-time recovery of the PostgreSQL cluster from the pgBackRest repository (restore.sh
# --to runs this): restores the newest base backup taken before the target into an empty data
# folder and writes the recovery settings; the next start of PostgreSQL replays the archived WAL
# up to the target and opens for writes on a new timeline.
#   stack/scripts/restore.sh --to '2026-12-05 10:41:00+00' [--repo 1|2] [--pgdata DIR] [--delta]
#   stack/scripts/restore.sh --to latest ...
# --to      a moment with its zone offset (YYYY-MM-DD HH:MM[:SS[.ffffff]]+HH[:MM], or Z), not
#           in the future; every transaction committed at or before it is restored, none after.
#           `latest`: everything the archive holds (at most archive_timeout, 60 s, is lost).
# --repo    the repository to restore from (default: pgBackRest's choice, repo1 first); 2 is
#           the off-site copy
# --pgdata  the data folder (default PGBACKREST_PG1_PATH or the configuration's pg1-path); it
#           must be empty or missing, unless --delta (then files that differ are replaced)
# PostgreSQL must be stopped (scaled to 0). Keys and configuration: stack/scripts/pgbackrest.sh.
set -euo pipefail
here=$(dirname "$0")
die() {
  echo "restore.sh: $*" >&2
  exit 2
}
usage="usage: restore.sh --to 'YYYY-MM-DD HH:MM:SS+00' | --to latest [--repo 1|2] [--pgdata DIR] [--delta]"
to='' repo='' pgdata=${PGBACKREST_PG1_PATH:-} delta=''
while [ $# -gt 0 ]; do
  case "$1" in
    --to) [ $# -ge 2 ] || die "--to needs a moment or 'latest' ($usage)"; to=$2; shift 2 ;;
    --repo) [ $# -ge 2 ] || die "--repo needs 1 or 2"; repo=$2; shift 2 ;;
    --pgdata) [ $# -ge 2 ] || die "--pgdata needs a folder"; pgdata=$2; shift 2 ;;
    --delta) delta=1; shift ;;
    *) die "unknown argument '$1' ($usage)" ;;
  esac
done
[ -n "$to" ] || die "--to is empty ($usage)"
[ -z "$repo" ] || [[ "$repo" =~ ^[12]$ ]] || die "--repo $repo: the repositories are 1 (local) and 2 (off-site)"

args=(--stanza="${PGBACKREST_STANZA:-porttrack}" --log-level-console=warn)
[ -z "$repo" ] || args+=(--repo="$repo")
if [ "$to" = latest ]; then
  args+=(--type=default)
  target='the end of the archive'
else
  moment='^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?([+-][0-9]{2}(:?[0-9]{2})?|Z)$'
  [[ "$to" =~ $moment ]] ||
    die "--to '$to' is not a moment with its zone, like '2026-12-05 10:41:00+00' (or 'latest'); a time without a zone would be read in the server's zone"
  epoch=$(date -u -d "${to/T/ }" +%s 2>/dev/null) || die "--to '$to' is not a real date and time"
  [ "$epoch" -le "$(date -u +%s)" ] || die "--to '$to' is in the future; use --to latest for everything the archive holds"
  # PostgreSQL reads recovery_target_time itself; pgBackRest picks the newest backup before it.
  args+=(--type=time "--target=${to/T/ }" --target-action=promote)
  target=$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S UTC')
fi
if [ -n "$pgdata" ]; then
  args+=(--pg1-path="$pgdata")
  if [ -z "$delta" ] && [ -n "$(find "$pgdata" -mindepth 1 -maxdepth 1 2>/dev/null | head -1)" ]; then
    die "the data folder $pgdata is not empty: stop PostgreSQL and move it aside (or pass --delta to overwrite it in place)"
  fi
fi
[ -z "$delta" ] || args+=(--delta)

started=$(date +%s.%N)
"$here/pgbackrest.sh" "${args[@]}" restore || die "pgBackRest could not restore (its message is above)"
echo "restore.sh: data folder ${pgdata:-of pg1-path} restored in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s; start PostgreSQL: it replays the archived WAL to $target, then opens for writes"
