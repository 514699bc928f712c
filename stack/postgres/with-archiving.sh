#!/usr/bin/env bash
# Runs a PostgreSQL server command with the settings of archiving.conf (beside this script, or
# ARCHIVING_CONF) appended as `-c name=value` flags:
#   with-archiving.sh docker-entrypoint.sh postgres     (the stack's PostgreSQL image)
#   with-archiving.sh postgres -D DATA -p PORT          (the PITR test's own cluster)
# Flags rather than an include in the data folder's postgresql.conf: a cluster initialised
# before archiving existed gets them at its next start.
set -euo pipefail
conf=${ARCHIVING_CONF:-$(dirname "$0")/archiving.conf}
[ -r "$conf" ] || { echo "with-archiving.sh: cannot read $conf" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: with-archiving.sh COMMAND [ARGS...]" >&2; exit 2; }
flags=()
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  if [[ "$line" =~ ^([a-z_]+)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
    name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
    [[ "$value" =~ ^\'(.*)\'$ ]] && value=${BASH_REMATCH[1]}
    flags+=(-c "$name=$value")
  else
    echo "with-archiving.sh: $conf: cannot read the line: $line" >&2
    exit 1
  fi
done <"$conf"
exec "$@" "${flags[@]}"
