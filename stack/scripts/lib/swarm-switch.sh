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

# The services that reach PostgreSQL, in the order they are switched.
switched_services="api api-blue api-green notifier exporters postgres-exporter backup"

# The update that points one service at the new primary (a rolling update of its tasks).
switch_service() { # STACK SERVICE
  local stack=$1 service=$2
  case "$service" in
    postgres-exporter)
      switch_one "$stack" "$service" --env-add "DATA_SOURCE_URI=$new_host:5432/porttrack?sslmode=disable" ;;
    # The backup service copies the data folder through its volume and talks over the socket, so
    # it moves to the node holding the new primary's volume (the standby's label).
    backup)
      switch_one "$stack" "$service" --env-add "PGHOST=$new_host" \
        --mount-rm /var/lib/postgresql/data --mount-add "type=volume,source=${stack}_$new_host-data,target=/var/lib/postgresql/data" \
        --mount-rm /var/run/postgresql --mount-add "type=volume,source=${stack}_$new_host-socket,target=/var/run/postgresql" \
        --constraint-rm "node.labels.porttrack.db == true" --constraint-add "node.labels.porttrack.$new_label == true" ;;
    *) switch_one "$stack" "$service" --env-add "PORTTRACK_DATABASE_HOST=$new_host" ;;
  esac
}

# Every service that exists gets the new host, all rolling at once; then waits for them.
switch_services() { # STACK
  local service
  switch_started=$(date -u +%Y-%m-%dT%H:%M:%S)
  for service in $switched_services; do switch_service "$1" "$service"; done
  [ -n "${dry_run:-}" ] || await_switch "$1"
  say "services point at $new_host; keep it across deploys: PORTTRACK_DATABASE_HOST=$new_host, PORTTRACK_DATABASE_LABEL=$new_label and PORTTRACK_POSTGRES_REPLICAS=0 in deploy.env"
}

# Waits until each switched service's rolling update has completed. Swarm rolls an update back
# when a new task fails within the monitor window (the Swarm test saw the notifier's new task exit
# 1 and the notifier roll back), which would leave that service on the old, dead host: such a
# service is updated again, twice at most, and the script fails naming it if it still does not
# take the new host.
await_switch() { # STACK
  local stack=$1 service name status tries switch_timeout=${PORTTRACK_SWITCH_TIMEOUT:-600}
  local deadline=$((SECONDS + switch_timeout))
  for service in $switched_services; do
    name="${stack}_$service"
    docker service inspect "$name" >/dev/null 2>&1 || continue
    # A service scaled to 0 (the idle blue-green colour) has no task to roll.
    [ "$(docker service inspect --format '{{.Spec.Mode.Replicated.Replicas}}' "$name")" != 0 ] || continue
    tries=0
    while :; do
      status=$(update_status "$name")
      case "$status" in
        # Completed after this script's update, not an earlier one's status still shown.
        "completed "*) [[ "${status#completed }" < "$switch_started" ]] || break ;;
        rollback_completed* | rollback_paused* | paused*)
          tries=$((tries + 1))
          [ "$tries" -le 2 ] || die "$name did not take $new_host: ${status#*|} ($(last_task_error "$name")); its tasks still use the old host"
          say "$name: ${status%% *}, ${status#*|} ($(last_task_error "$name")): updating it again"
          switch_service "$stack" "$service"
          # Until Swarm has taken the new update, the rollback's status is still the one shown.
          while [ "$(update_status "$name")" = "$status" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done ;;
      esac
      [ "$SECONDS" -lt "$deadline" ] || die "$name still not updated after $switch_timeout s: ${status%%|*}"
      sleep 2
    done
    say "$name: updated"
  done
}

# "STATE COMPLETED-AT|MESSAGE" of the service's last update (COMPLETED-AT as switch_started).
update_status() { # SERVICE
  docker service inspect --format '{{with .UpdateStatus}}{{.State}} {{with .CompletedAt}}{{.UTC.Format "2006-01-02T15:04:05"}}{{end}}|{{.Message}}{{end}}' "$1"
}

# Why the service's most recent failed task ended, with its last error lines, for the reports above.
last_task_error() { # SERVICE
  local task error
  read -r task error < <(docker service ps --no-trunc --filter desired-state=shutdown --format '{{.ID}} {{.Error}}' "$1" | awk 'NF > 1' | head -1) || true
  [ -n "${task:-}" ] || { echo "no task error recorded"; return 0; }
  echo "$error; its log: $(docker service logs --raw --tail 20 "$task" 2>&1 | grep -iE 'error|fail' | tail -2 | tr '\n' ' ')"
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
