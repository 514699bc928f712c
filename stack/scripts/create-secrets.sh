#!/usr/bin/env bash
# Creates the stack's Docker secrets on a Swarm manager from files in a directory you keep
# outside the repository (one file per secret, named like the secret). Existing secrets are
# left alone: Docker secrets are immutable; rotate by creating a new name and updating the stack.
#   stack/scripts/create-secrets.sh /secure/porttrack-secrets
set -euo pipefail
dir=${1:?usage: create-secrets.sh DIR (one file per secret, e.g. DIR/postgres_password)}
required=(api_database_url exporter_database_url notifier_database_url api_token_secret api_admin_password
  postgres_password grafana_pg_password exporter_pg_password grafana_admin_password notifier_webhook_token
  smtp_url slack_webhook_oncall slack_webhook_platform slack_webhook_port_ops probe_password)
missing=()
for name in "${required[@]}"; do [ -s "$dir/$name" ] || missing+=("$name"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "create-secrets: missing or empty in $dir: ${missing[*]}" >&2
  exit 1
fi
for name in "${required[@]}"; do
  if docker secret inspect "$name" >/dev/null 2>&1; then
    echo "create-secrets: $name exists, kept"
  else
    docker secret create "$name" "$dir/$name" >/dev/null
    echo "create-secrets: $name created"
  fi
done
