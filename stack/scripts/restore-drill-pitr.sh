#!/usr/bin/env bash
# The point-in-time restore drill, on a Swarm manager running the stack with archiving.
# --to latest (the default): writes are fenced off (default_transaction_read_only), every table's
# row count noted, the WAL segment closed and archived; then PostgreSQL's volume is destroyed,
# restored from the pgBackRest repository (restore.sh --to latest, in the backup image, as
# runbooks/BACKUP_RECOVERY.md tells a person) and PostgreSQL replays the archived WAL. Every table
# must have its rows back and the API serve them (the --check command).
# --to MOMENT: writes go on; the segment holding them is archived, the volume destroyed and
# restored to the moment (restore.sh --to MOMENT). What was committed at or before the moment is
# back, nothing after it: the caller checks which rows (the --check command, or its own reads).
# DESTROYS the database volume: test stacks only.
#   stack/scripts/restore-drill-pitr.sh --yes-destroy-the-database [--to latest|MOMENT] [--repo 1|2] [--check 'curl ...']
# Settings: PORTTRACK_STACK (porttrack), PORTTRACK_SECRETS_DIR (the folder holding the key files
# backup_encryption_key and backup_offsite_key), PG_VOLUME (<stack>_postgres-data).
# Last line: "restore drill (pgBackRest): passed in N s (restore M s, replay K s)".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stack=${PORTTRACK_STACK:-porttrack}
volume=${PG_VOLUME:-${stack}_postgres-data}
check='' confirmed='' repo='' to=latest
while [ $# -gt 0 ]; do
  case "$1" in
    --yes-destroy-the-database) confirmed=1; shift ;;
    --check) check=${2:?--check needs a command}; shift 2 ;;
    --repo) repo=${2:?--repo needs 1 or 2}; shift 2 ;;
    --to) to=${2:?--to needs latest or a moment with its zone}; shift 2 ;;
    *) echo "restore-drill-pitr: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$confirmed" ] || { echo "restore-drill-pitr: destroys $volume; pass --yes-destroy-the-database" >&2; exit 2; }
secrets=${PORTTRACK_SECRETS_DIR:?set PORTTRACK_SECRETS_DIR, the folder with backup_encryption_key and backup_offsite_key}
export PG_CONTAINER=auto PORTTRACK_STACK="$stack"
drill_name='restore drill (pgBackRest)'
# shellcheck source-path=SCRIPTDIR
. "$here/lib/backup-common.sh"
# shellcheck source-path=SCRIPTDIR
. "$here/lib/drill-common.sh"

backup_container=$(docker ps -q -f "label=com.docker.swarm.service.name=${stack}_backup" | head -1)
[ -n "$backup_container" ] || die "no running container of ${stack}_backup: the drill restores with its image and repositories"
backup_image=$(docker service inspect "${stack}_backup" --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}')
backups=$(docker exec "$backup_container" /opt/porttrack/pgbackrest.sh --stanza=porttrack --output=json info | jq '[.[0].backup[]?] | length')
[ "$backups" -gt 0 ] || die "the repository holds no base backup yet: wait for the backup service's first round"
step "the repository holds $backups base backup(s)"

if [ "$to" = latest ]; then
  # Fence off writes, so that the counts below are the database's last state: new transactions
  # are read-only from the reload on; those already writing finish first.
  trap 'unfence || true' EXIT
  fence
  no_writers() { [ "$(sql -c 'SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()')" = 0 ]; }
  wait_for "the transactions in flight to finish" no_writers
  sleep 1
  wait_for "the transactions in flight to finish" no_writers
  before=$(counts)
fi
# A checkpoint writes WAL, so the switch always closes a segment holding everything above.
segment=$(sql -c 'SET default_transaction_read_only = off' -c 'CHECKPOINT' -c 'SELECT pg_walfile_name(pg_switch_wal())')
archived() { ! [[ "$(sql -c "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")" < "$segment" ]]; }
wait_for "WAL segment $segment archived" archived
if [ "$to" = latest ]; then
  step "writes fenced, $(wc -l <<<"$before") tables counted, WAL up to $segment archived"
else
  step "WAL up to $segment archived, past the moment $to"
fi

stop_database
trap - EXIT # the fence goes with the volume
wait_for "volume $volume removal" docker volume rm "$volume"
step "PostgreSQL stopped and its volume $volume destroyed"

# An empty volume of the stack's, which Docker fills with the image's (postgres-owned) folder.
docker volume create --label "com.docker.stack.namespace=$stack" "$volume" >/dev/null
restore_started=$SECONDS
docker run --rm --read-only --tmpfs /tmp -e PORTTRACK_PGBACKREST_USER=postgres \
  -v "$volume:/var/lib/postgresql/data" \
  -v "${stack}_pgbackrest-repo:/var/lib/pgbackrest" -v "${stack}_pgbackrest-offsite:/offsite" \
  -v "$secrets/backup_encryption_key:/run/secrets/backup_encryption_key:ro" \
  -v "$secrets/backup_offsite_key:/run/secrets/backup_offsite_key:ro" \
  --entrypoint /opt/porttrack/restore.sh "$backup_image" --to "$to" ${repo:+--repo "$repo"}
restore_seconds=$((SECONDS - restore_started))
step "restored from repo${repo:-1} to $to in $restore_seconds s"
# The restored cluster opens fenced too: the stack's services reconnect at once and would write
# before the rows are counted. unfence (ALTER SYSTEM RESET) removes the line again.
docker run --rm --read-only --user postgres -v "$volume:/var/lib/postgresql/data" --entrypoint sh "$backup_image" \
  -c 'echo "default_transaction_read_only = on" >>/var/lib/postgresql/data/postgresql.auto.conf'

replay_started=$SECONDS
start_database
recovered() { [ "$(sql -c 'SELECT NOT pg_is_in_recovery()')" = t ]; }
wait_for "the end of WAL replay" recovered
replay_seconds=$((SECONDS - replay_started))
# As the guide's step 4: after a recovery archive_timeout holds again only from the next checkpoint.
sql -c 'SET default_transaction_read_only = off' -c 'CHECKPOINT' >/dev/null
unfence
if [ "$to" = latest ]; then
  require_same_counts "$before" "$(counts)"
  step "PostgreSQL replayed the archive and opened in $replay_seconds s; every table has its rows back"
else
  step "PostgreSQL replayed the archive to $to and opened in $replay_seconds s"
fi

check_api_serves "$check"
echo "$drill_name: passed in $((SECONDS - drill_started)) s (restore $restore_seconds s, replay $replay_seconds s)"
