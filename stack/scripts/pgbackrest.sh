#!/usr/bin/env bash
# pgbackrest with each encrypted repository's key read from its Docker secret: the one way the
# stack runs pgBackRest (archive_command in the PostgreSQL container, the backup service's
# schedule, restore.sh). Keys never sit in pgbackrest.conf, on a command line or in the image.
#   stack/scripts/pgbackrest.sh [pgbackrest options] COMMAND
# Settings:
#   PGBACKREST_CONFIG                  default /etc/pgbackrest/pgbackrest.conf
#   BACKUP_ENCRYPTION_KEY_FILE  repo1's key (and the daily dump's), default /run/secrets/backup_encryption_key
#   BACKUP_OFFSITE_KEY_FILE     repo2's key, default /run/secrets/backup_offsite_key
#   PORTTRACK_PGBACKREST_USER   run pgBackRest as this user (setpriv) when started as root: the
#                               backup service is root (it reads Grafana's and Prometheus' volumes)
#                               but the repositories and the data folder are postgres's. Not a
#                               PGBACKREST_ name: pgBackRest warns about every one it does not know.
# A repository the configuration encrypts (repoN-cipher-type) without its key is refused, with
# the secret named: pgBackRest would otherwise fail later, less clearly, or (for a new stanza)
# never encrypt at all.
set -euo pipefail
die() {
  echo "${0##*/}: $*" >&2
  exit 1
}
config=${PGBACKREST_CONFIG:-/etc/pgbackrest/pgbackrest.conf}
[ -r "$config" ] || die "no pgBackRest configuration at $config (set PGBACKREST_CONFIG)"
export PGBACKREST_CONFIG=$config

for n in 1 2; do
  grep -Eq "^repo$n-cipher-type=aes-256-cbc" "$config" || continue
  if [ "$n" = 1 ]; then
    secret=backup_encryption_key file_var=BACKUP_ENCRYPTION_KEY_FILE
  else
    secret=backup_offsite_key file_var=BACKUP_OFFSITE_KEY_FILE
  fi
  file=${!file_var:-/run/secrets/$secret}
  [ -s "$file" ] || die "repo$n is encrypted (repo$n-cipher-type in $config) but its key is missing: create the Docker secret $secret (stack/scripts/create-secrets.sh) or set $file_var to a file holding it; refusing to run without it"
  export "PGBACKREST_REPO${n}_CIPHER_PASS=$(tr -d '\n' <"$file")"
done
run_as=${PORTTRACK_PGBACKREST_USER:-}
if [ -n "$run_as" ] && [ "$(id -u)" = 0 ]; then
  # The keys were read as root (a secret file may be root's alone); pgBackRest gets them by
  # environment and runs as the owner of the files it writes.
  exec setpriv --reuid="$run_as" --regid="$run_as" --init-groups pgbackrest "$@"
fi
exec pgbackrest "$@"
