#!/usr/bin/env bash
# The restore drill, on a Swarm manager running the stack: back up PostgreSQL, destroy its
# volume, let Swarm start an empty PostgreSQL, restore the backup into it, and prove the data
# is back (every table's row count) and the API serves it (the --check command, e.g. an
# authenticated read through nginx). DESTROYS the database volume: test stacks only.
#   stack/scripts/restore-drill.sh --yes-destroy-the-database [--check 'curl -fsk https://127.0.0.1:8443/...']
# Settings: PORTTRACK_STACK (porttrack), PG_VOLUME (<stack>_postgres-data), DRILL_DIR (a temporary folder).
# Prints each step's duration; the last line is "restore drill: passed in N s (restore M s)".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stack=${PORTTRACK_STACK:-porttrack}
volume=${PG_VOLUME:-${stack}_postgres-data}
check='' confirmed=''
while [ $# -gt 0 ]; do
  case "$1" in
    --yes-destroy-the-database) confirmed=1; shift ;;
    --check) check=${2:?--check needs a command}; shift 2 ;;
    *) echo "restore-drill: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$confirmed" ] || { echo "restore-drill: destroys $volume; pass --yes-destroy-the-database" >&2; exit 2; }
dir=${DRILL_DIR:-$(mktemp -d)}
export PG_CONTAINER=auto PORTTRACK_STACK="$stack" BACKUP_DIR="$dir"
# shellcheck source-path=SCRIPTDIR
. "$here/lib/backup-common.sh"
# shellcheck source-path=SCRIPTDIR
. "$here/lib/drill-common.sh"

# The stack keeps writing (the notifier's outbox, heartbeats) while the dump runs, so the live
# counts are a moving target. Compare the restore with the dump itself: the rows each table has
# in the dump's own snapshot (its COPY blocks), and the dump must hold every table there is.
dumped_counts() { # "table rows" for every table in a custom-format dump, sorted
  pg pg_restore --data-only --file=- <"$1" |
    awk '/^COPY public\./ { t = substr($2, 8); n = 0; next }
         t != "" && $0 == "\\." { print t, n; t = ""; next }
         t != "" { n++ }' | LC_ALL=C sort
}
"$here/backup.sh" --parts postgres
set_dir=$(find "$dir" -mindepth 1 -maxdepth 1 -type d -name 'porttrack-*' | sort | tail -1)
before=$(dumped_counts "$set_dir/postgres.dump")
live_tables=$(tables)
if [ "$(cut -d' ' -f1 <<<"$before")" != "$live_tables" ]; then
  diff <(echo "$live_tables") <(cut -d' ' -f1 <<<"$before") >&2 || true
  echo "restore drill: FAILED, the dump does not hold every table of the database" >&2
  exit 1
fi
step "backed up $(wc -l <<<"$before") tables into $set_dir"

stop_database
wait_for "volume $volume removal" docker volume rm "$volume"
step "PostgreSQL stopped and its volume $volume destroyed"

start_database
# Fenced until the rows are counted: the notifier and the API reconnect at once and would write
# (the outbox, the notices of this very outage) between the restore's commit and the counts.
trap 'unfence || true' EXIT
fence
step "an empty PostgreSQL is up, writes fenced"

restore_started=$SECONDS
"$here/restore.sh" "$set_dir" --clean
restore_seconds=$((SECONDS - restore_started))
after=$(counts)
unfence
trap - EXIT
require_same_counts "$before" "$after"
step "restored in $restore_seconds s; every table has its rows back"

check_api_serves "$check"
echo "restore drill: passed in $((SECONDS - drill_started)) s (restore $restore_seconds s)"
