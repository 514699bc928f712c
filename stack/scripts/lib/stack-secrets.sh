#!/usr/bin/env bash
# The Docker secrets a stack file reads that the Swarm lacks (sourced by deploy.sh). Every one is
# external, made beforehand by create-secrets.sh: a deployment made before a secret joined the
# stack (grafana_secret_key did later) has all but that one, and `docker stack deploy` would stop
# at the first service mounting it with a bare "secret not found".
#   missing_secrets STACK_FILE PREFIX    prints each missing name (without PREFIX), one a line

# The names under the stack file's top-level `secrets:`, one a line.
declared_secrets() { # STACK_FILE
  awk '/^[^ #]/ { section = $1 } section == "secrets:" && /^  [a-z0-9_]+:$/ { sub(/:$/, "", $1); print $1 }' "$1"
}

missing_secrets() { # STACK_FILE PREFIX
  local existing name
  existing=$(docker secret ls --format '{{.Name}}') || return 1
  while read -r name; do
    grep -qxF "$2$name" <<<"$existing" || echo "$name"
  done < <(declared_secrets "$1")
}
