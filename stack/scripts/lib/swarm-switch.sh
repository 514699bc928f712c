# The Swarm half of a promotion (sourced by promote-standby.sh, after lib/backup-common.sh):
# fence the old primary, then point every service that reaches PostgreSQL at the promoted
# standby. The services read the database's host from the environment: PORTTRACK_DATABASE_HOST
# replaces the host of DATABASE_URL (lib/config/database-url.ts) in the API, the notifier and
# the business exporters, DATA_SOURCE_URI is postgres-exporter's, PGHOST the backup service's.
# With dry_run set, each docker command is printed instead of run.
# shellcheck shell=bash
new_host=${PORTTRACK_STANDBY_SERVICE:-postgres-standby}
# The node label that places it (docker-stack.yml: porttrack.db-standby=true).
new_label=${PORTTRACK_STANDBY_LABEL:-db-standby}

swarm_run() { # docker ARGS...: runs it, or prints it under --dry-run
  if [ -n "${dry_run:-}" ]; then
    printf 'docker'
    printf ' %q' "$@"
    printf '\n'
  else
    docker "$@" >/dev/null
  fi
}

# Scales STACK_postgres to 0: Swarm would otherwise restart the old primary on its old volume,
# a second primary taking writes the new one never sees.
fence_old_primary() { # STACK
  swarm_run service scale --detach "$1_postgres=0"
}

# Each service that exists gets the new host (a rolling update of its tasks).
switch_services() { # STACK
  local stack=$1 service
  for service in api api-blue api-green notifier exporters; do
    switch_one "$stack" "$service" --env-add "PORTTRACK_DATABASE_HOST=$new_host"
  done
  switch_one "$stack" postgres-exporter --env-add "DATA_SOURCE_URI=$new_host:5432/porttrack?sslmode=disable"
  # The backup service copies the data folder through its volume and talks over the socket, so it
  # moves to the node holding the new primary's volume (the standby's label).
  switch_one "$stack" backup --env-add "PGHOST=$new_host" \
    --mount-rm /var/lib/postgresql/data --mount-add "type=volume,source=${stack}_$new_host-data,target=/var/lib/postgresql/data" \
    --mount-rm /var/run/postgresql --mount-add "type=volume,source=${stack}_$new_host-socket,target=/var/run/postgresql" \
    --constraint-rm "node.labels.porttrack.db == true" --constraint-add "node.labels.porttrack.$new_label == true"
  say "services point at $new_host; keep it across deploys: PORTTRACK_DATABASE_HOST=$new_host, PORTTRACK_DATABASE_LABEL=$new_label and PORTTRACK_POSTGRES_REPLICAS=0 in deploy.env"
}

switch_one() { # STACK SERVICE UPDATE-ARGS...
  local name="$1_$2"
  shift 2
  if [ -z "${dry_run:-}" ] && ! docker service inspect "$name" >/dev/null 2>&1; then
    say "no service $name: skipped"
    return 0
  fi
  swarm_run service update --detach "$@" "$name"
}
