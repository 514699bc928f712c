#!/usr/bin/env bash
# Point-in-time recovery from the pgBackRest archive: restore.sh --to MOMENT|latest (restore-pitr.sh).
# Otherwise restores parts of one backup set made by backup.sh, after checking its SHA256SUMS (and
# decrypting with BACKUP_ENCRYPTION_KEY_FILE when the set is encrypted).
#   stack/scripts/restore.sh SET_DIR [--parts postgres,...] [--database NAME] [--clean]
# postgres      pg_restore into --database (default PGDATABASE, or the container's POSTGRES_DB),
#               which must be empty unless --clean (then every schema in it is dropped first,
#               with whatever it holds, and public recreated); one transaction: it restores
#               whole or not at all
# grafana       unpacks into GRAFANA_DATA_DIR; Grafana must be stopped (scaled to 0)
# prometheus    unpacks the TSDB snapshot into PROMETHEUS_DATA_DIR; Prometheus must be stopped
# alertmanager  re-creates the silences that are still active (new ids) through its API
# Default parts: postgres. Settings: lib/backup-common.sh. Prints how long each part took.
set -euo pipefail
[ "${1:-}" != --to ] || exec "$(dirname "$0")/restore-pitr.sh" "$@"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib/backup-common.sh"

set_dir=${1:?usage: restore.sh SET_DIR [--parts postgres,grafana,prometheus,alertmanager] [--database NAME] [--clean]}
shift
parts=postgres database='' clean=''
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=${2:?--parts needs a list}; shift 2 ;;
    --database) database=${2:?--database needs a name}; shift 2 ;;
    --clean) clean=1; shift ;;
    *) die "unknown argument $1" ;;
  esac
done
[ -f "$set_dir/SHA256SUMS" ] || die "$set_dir is not a backup set (no SHA256SUMS)"
(cd "$set_dir" && sha256sum --check --quiet SHA256SUMS) || die "$set_dir fails its checksums: refusing to restore"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# file NAME: the path of a set member, decrypted into a private temporary folder if needed.
file() {
  if [ -f "$set_dir/$1" ]; then
    echo "$set_dir/$1"
  elif [ -f "$set_dir/$1.enc" ]; then
    local key=${BACKUP_ENCRYPTION_KEY_FILE:?the set is encrypted: set BACKUP_ENCRYPTION_KEY_FILE}
    openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 -pass "file:$key" -in "$set_dir/$1.enc" -out "$tmp/$1" ||
      die "cannot decrypt $1 with $key"
    echo "$tmp/$1"
  else
    die "the set has no $1"
  fi
}

# The SQL one postgres restore runs, as one transaction that commits only once the whole dump has
# been read: COMMIT is written after pg_restore finished without error. A dump that fails midway
# (cut short, corrupt) ends psql's input without it, and PostgreSQL rolls back the transaction
# left open when psql's session ends: nothing changed. (psql --single-transaction would instead
# commit whatever had arrived when its input ended.) An error in the SQL stops psql
# (ON_ERROR_STOP), which rolls back the same way.
restore_sql() {
  # The restore is the one writer even where writes are fenced off (the drills fence the stack's
  # services so that the row counts they compare are the restore's).
  echo 'SET default_transaction_read_only = off;'
  echo 'BEGIN;'
  [ -z "$clean" ] || clean_sql
  pg pg_restore --exit-on-error --file=- <"$1" || return 1
  echo 'COMMIT;'
}

# --clean drops every schema of the database but PostgreSQL's own, with all they hold (what the
# set does not hold goes too: tables and partitions made after it, so the API's migrations can
# apply again), then makes public as CREATE DATABASE does (PostgreSQL 15 and later: owned by
# pg_database_owner, so the database's owner, the API's login in the stack, may create in it;
# usable by everyone); the dump records only how its own public differed from that. pg_restore's
# own --clean cannot be used: it drops the dump's objects one by one, and PostgreSQL refuses to
# drop a partition's primary key (positions_default_pkey) apart from its partitioned table's.
clean_sql() {
  cat <<'SQL'
SET client_min_messages = warning;
DO $$
DECLARE
  s name;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname !~ '^pg_' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END
$$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
SQL
}

restore_postgres() {
  local dump db tables
  dump=$(file postgres.dump)
  db=${database:-$(pg_database)}
  tables=$(pg psql -qAt -d "$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
  if [ "$tables" != 0 ] && [ -z "$clean" ]; then
    die "database $db already has $tables tables: restore into an empty database, or pass --clean"
  fi
  restore_sql "$dump" | pg psql -X -q -v ON_ERROR_STOP=1 --dbname="$db" >/dev/null ||
    die "restore into $db failed (above): rolled back, $db is as it was"
  echo "postgres: restored into $db${clean:+ (its schemas dropped and recreated from the set)}"
}

restore_grafana() {
  local archive
  archive=$(file grafana.tar.gz)
  mkdir -p "$grafana_data"
  tar -C "$grafana_data" -xzf "$archive"
  echo "grafana: unpacked into $grafana_data"
}

restore_prometheus() {
  local archive
  archive=$(file prometheus-snapshot.tar.gz)
  mkdir -p "$prometheus_data"
  tar -C "$prometheus_data" -xzf "$archive"
  echo "prometheus: snapshot unpacked into $prometheus_data"
}

restore_alertmanager() {
  local silences now count=0 silence
  silences=$(file alertmanager-silences.json)
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  while IFS= read -r silence; do
    curl_monitoring -X POST -H 'Content-Type: application/json' --data "$silence" \
      "$alertmanager_url/api/v2/silences" >/dev/null
    count=$((count + 1))
  done < <(jq -c --arg now "$now" '.[] | select(.status.state == "active" and .endsAt > $now)
    | {matchers, startsAt, endsAt, createdBy, comment}' "$silences")
  echo "alertmanager: $count active silences re-created"
}

IFS=, read -r -a wanted <<<"$parts"
for part in "${wanted[@]}"; do
  case "$part" in
    postgres | grafana | prometheus | alertmanager)
      started=$(date +%s.%N)
      "restore_$part"
      echo "$part: restore took $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }') s"
      ;;
    *) die "unknown part $part" ;;
  esac
done
