#!/usr/bin/env bash
# Creates the stack's Docker secrets on a Swarm manager from files in a directory you keep
# outside the repository (one file per secret, named like the secret, mode 600).
#   stack/scripts/create-secrets.sh DIR              every file must exist
#   stack/scripts/create-secrets.sh DIR --generate   writes random passwords and the values
#                                                    derived from them for the files missing
# Slack webhooks and the SMTP URL come from outside and are never generated. Existing files and
# Docker secrets are kept (secrets are immutable; rotate as runbooks/PATCHING.md says), so running
# it again is how a deployment gets a secret a later release added (deploy.sh names any missing).
# PORTTRACK_SECRETS_PREFIX prefixes every name (the stack reads the same variable).
set -euo pipefail
prefix=${PORTTRACK_SECRETS_PREFIX:-}
dir=${1:?usage: create-secrets.sh DIR [--generate]}
generate=${2:-}
monitoring_user=oncall # lib/monitoring-login.ts

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=stack/scripts/generate-secrets.sh
. "$here/generate-secrets.sh"
passwords=("${secret_passwords[@]}")
derived=("${secret_derived[@]}")
external=("${secret_external[@]}")

die() { echo "create-secrets: $*" >&2; exit 1; }
[ -d "$dir" ] || die "$dir is not a directory"
umask 077

if [ "$generate" = --generate ]; then
  generate_passwords "$dir"
elif [ -n "$generate" ]; then
  die "unknown option $generate (expected --generate)"
fi
derive_database_urls "$dir"
if [ ! -s "$dir/monitoring_web_config" ] && [ -s "$dir/monitoring_password" ]; then
  command -v htpasswd >/dev/null || die "htpasswd is needed to hash the monitoring password (apt-get install apache2-utils)"
  derive_monitoring_web_config "$dir" "$monitoring_user"
fi

missing=() generatable=() hint=
for name in "${passwords[@]}" "${derived[@]}" "${external[@]}"; do [ -s "$dir/$name" ] || missing+=("$name"); done
for name in "${passwords[@]}"; do [ -s "$dir/$name" ] || generatable+=("$name"); done
# A folder made before a secret joined the stack (grafana_secret_key) lacks just that one.
[ ${#generatable[@]} -eq 0 ] || hint="; --generate writes ${generatable[*]} and keeps every file there"
[ ${#missing[@]} -eq 0 ] || die "missing or empty in $dir: ${missing[*]} (see runbooks/DEPLOYMENT_GUIDE.md$hint)"
[ "$(wc -c <"$dir/api_admin_password")" -gt 12 ] || die "api_admin_password: at least 12 characters"

for name in "${passwords[@]}" "${derived[@]}" "${external[@]}"; do
  if docker secret inspect "$prefix$name" >/dev/null 2>&1; then
    echo "create-secrets: $prefix$name exists, kept"
  else
    docker secret create "$prefix$name" "$dir/$name" >/dev/null
    echo "create-secrets: $prefix$name created"
  fi
done
