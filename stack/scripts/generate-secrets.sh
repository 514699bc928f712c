#!/usr/bin/env bash
# The stack's secret files: which there are, and how the generated ones are made. Run directly it
# writes, into DIR, random passwords and the values derived from them for the files missing
# (existing files are kept):
#   stack/scripts/generate-secrets.sh DIR
# create-secrets.sh sources it (--generate) before creating the Swarm secrets, and the development
# compose file (stack/docker-compose.yml) runs it in a one-shot container to fill its secrets
# volume, so both name and shape every secret alike. Needs only bash and coreutils: it runs inside
# the PostgreSQL image.
set -euo pipefail

# grafana_secret_key is Grafana's [security] secret_key: the key its database's secrets (the
# datasource passwords in grafana.db, and so in every backup of it) are encrypted under, and the
# pepper of its session tokens. Unset, it is the public default every Grafana ships with.
secret_passwords=(postgres_password app_pg_password grafana_pg_password exporter_pg_password pg_monitor_password
  api_token_secret api_admin_password grafana_admin_password grafana_smtp_password grafana_secret_key alertmanager_smtp_password monitoring_password
  notifier_alertmanager_token notifier_deploy_token notifier_operator_token probe_password redis_password
  backup_encryption_key backup_offsite_key)
# Derived from the passwords: the database URLs here, the bcrypt web config in create-secrets.sh.
# shellcheck disable=SC2034 # read by create-secrets.sh
secret_derived=(api_database_url notifier_database_url exporter_database_url monitoring_web_config
  api_redis_url redis_acl redis_exporter_passwords)
# From outside, never generated.
# shellcheck disable=SC2034 # read by create-secrets.sh
secret_external=(smtp_url slack_webhook_oncall slack_webhook_platform slack_webhook_port_ops)

# 24 random bytes as hex: URL-safe, so the database URLs and healthcheck URLs need no escaping.
random_hex() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

# Random passwords for the files missing in DIR.
generate_passwords() { # DIR
  local dir=$1 name
  for name in "${secret_passwords[@]}"; do
    [ -s "$dir/$name" ] && continue
    (umask 077 && random_hex >"$dir/$name" && echo >>"$dir/$name")
    echo "generate-secrets: generated $name"
  done
}

# The database URLs and Redis's login files, from the passwords present, for the files missing in DIR.
derive_database_urls() { # DIR
  local dir=$1
  secret() { tr -d '\n' <"$dir/$1"; }
  derive() { # name, value
    [ -s "$dir/$1" ] && return
    (umask 077 && printf '%s\n' "$2" >"$dir/$1")
    echo "generate-secrets: derived $1"
  }
  if [ -s "$dir/app_pg_password" ]; then
    derive api_database_url "postgres://porttrack_app:$(secret app_pg_password)@postgres:5432/porttrack"
    derive notifier_database_url "postgres://porttrack_app:$(secret app_pg_password)@postgres:5432/porttrack"
  fi
  if [ -s "$dir/exporter_pg_password" ]; then
    derive exporter_database_url "postgres://porttrack_exporter:$(secret exporter_pg_password)@postgres:5432/porttrack"
  fi
  if [ -s "$dir/redis_password" ]; then
    derive api_redis_url "redis://:$(secret redis_password)@redis:6379"
    # Redis's ACL file holds the default user's SHA-256, not the password (redis-server --aclfile).
    derive redis_acl "user default on #$(secret redis_password | sha256sum | cut -d' ' -f1) ~* &* +@all"
    # redis-exporter's REDIS_PASSWORD_FILE: a JSON map of address to password.
    derive redis_exporter_passwords "{\"redis://redis:6379\": \"$(secret redis_password)\"}"
  fi
  return 0
}

# Prometheus' and Alertmanager's --web.config.file: one bcrypt-hashed login, for the file missing
# in DIR. Needs htpasswd (apache2-utils), so create-secrets.sh calls it, not the Compose file's
# one-shot container. -i: the password goes to htpasswd on stdin, never on its command line.
derive_monitoring_web_config() { # DIR USER
  local dir=$1 user=$2 hash
  [ -s "$dir/monitoring_web_config" ] && return
  hash=$(tr -d '\n' <"$dir/monitoring_password" | htpasswd -niBC 10 "$user" | cut -d: -f2-)
  (umask 077 && printf 'basic_auth_users:\n  %s: %s\n' "$user" "$hash" >"$dir/monitoring_web_config")
  echo "generate-secrets: derived monitoring_web_config"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  dir=${1:?usage: generate-secrets.sh DIR}
  [ -d "$dir" ] || { echo "generate-secrets: $dir is not a directory" >&2; exit 1; }
  generate_passwords "$dir"
  derive_database_urls "$dir"
fi
