#!/usr/bin/env bash
# Deploys the stack from this folder, on a Swarm manager that has nothing but Docker:
#   1. bundles the generated rules, names every config by a hash of its content, and validates
#      Prometheus's and Alertmanager's configuration (promtool/amtool, local or in their images);
#   2. `docker stack deploy`, then waits until every service runs its new spec, healthy. Swarm
#      rolls a service back by itself when new tasks fail their healthchecks;
#   3. the post-deploy gate, through the public URL as a client sees it: the smoke journey,
#      every Prometheus target up, every rule evaluating (synthetics/gate, run in the new image);
#   4. a failed gate or convergence rolls our services back, once: never twice;
#   5. reports the outcome to the notifier (Slack and email), through nginx.
# Exit 0 when the new version stands; 1 when it was rolled back or failed.
#
#   PORTTRACK_VERSION=1.4.2 PORTTRACK_PUBLIC_URL=https://port.example PORTTRACK_SECRETS_DIR=/root/porttrack-secrets \
#     stack/scripts/deploy.sh
#
# Settings (environment, or /etc/porttrack/deploy.env on the manager): PORTTRACK_IMAGE (default porttrack), PORTTRACK_STACK (porttrack),
# PORTTRACK_TLS_CA_FILE (a CA to trust for PORTTRACK_PUBLIC_URL, e.g. the self-signed
# certificate), PORTTRACK_OMIT_SERVICES (services left out, e.g. where their images cannot be
# had), PORTTRACK_RESOLVE_IMAGE (always|changed|never; never for images that exist only
# locally), DEPLOY_TIMEOUT_SECONDS (600), DEPLOY_GATE_TIMEOUT_SECONDS (120), DEPLOY_ID, DEPLOY_URL,
# and every variable docker-stack.yml reads (ports, image names, e-mail addresses).
set -euo pipefail
stack_dir=$(cd "$(dirname "$0")/.." && pwd)
cd "$stack_dir"
# The host's own settings (public URL, secrets folder, TLS folders, e-mail addresses) live on the
# manager, not in the release: the deploy workflow passes only the version.
deploy_env=${PORTTRACK_DEPLOY_ENV:-/etc/porttrack/deploy.env}
if [ -r "$deploy_env" ]; then
  set -a
  # shellcheck source=/dev/null
  . "$deploy_env"
  set +a
fi

export PORTTRACK_STACK=${PORTTRACK_STACK:-porttrack}
stack=$PORTTRACK_STACK
export PORTTRACK_IMAGE=${PORTTRACK_IMAGE:-porttrack}
export PORTTRACK_VERSION=${PORTTRACK_VERSION:?set PORTTRACK_VERSION to the image tag to deploy}
export PORTTRACK_PUBLIC_URL=${PORTTRACK_PUBLIC_URL:?set PORTTRACK_PUBLIC_URL, the https URL clients use (e.g. https://port.example)}
secrets_dir=${PORTTRACK_SECRETS_DIR:?set PORTTRACK_SECRETS_DIR, the folder create-secrets.sh read}
timeout=${DEPLOY_TIMEOUT_SECONDS:-600}
gate_timeout=${DEPLOY_GATE_TIMEOUT_SECONDS:-120}
resolve=${PORTTRACK_RESOLVE_IMAGE:-always}
omit=${PORTTRACK_OMIT_SERVICES:-}
ca_file=${PORTTRACK_TLS_CA_FILE:-}
export PORTTRACK_STACK_DIR=$stack_dir
image="$PORTTRACK_IMAGE:$PORTTRACK_VERSION"
ours=(api exporters notifier synthetics)
started=$SECONDS

log() { echo "deploy [$((SECONDS - started))s]: $*"; }
die() { echo "deploy: $*" >&2; exit 1; }
for f in probe_password monitoring_password notifier_webhook_token; do
  [ -r "$secrets_dir/$f" ] || die "$secrets_dir/$f is missing: the gate and the notification need it"
done

# A CLI newer than the engine sends service specs the engine stores differently, so that every
# deploy replaces every task: say so rather than leave on-call puzzled by needless restarts.
read -r cli_version engine_version < <(docker version --format '{{.Client.Version}} {{.Server.Version}}')
[ "${cli_version%%.*}" = "${engine_version%%.*}" ] ||
  log "warning: docker CLI $cli_version and engine $engine_version differ: unchanged services may be restarted; use the engine's own CLI"

# --- 1. Render and validate ---------------------------------------------------------------
mkdir -p .deploy
# One rules file for one Swarm config: every generated file's groups under a single `groups:`.
{
  echo "# Bundled by stack/scripts/deploy.sh from prometheus/rules/*.rules.yml. Do not edit."
  echo "groups:"
  for f in prometheus/rules/*.rules.yml; do sed '1,/^groups:/d' "$f"; done
} >.deploy/porttrack.rules.yml
export PROMETHEUS_RULES_FILE=./.deploy/porttrack.rules.yml

content_hash() { sha256sum "$1" | cut -c1-12; }
NGINX_CONF_HASH=$(content_hash nginx/nginx.conf)
POSTGRES_INIT_HASH=$(content_hash postgres/porttrack-roles.sh)
PROMETHEUS_YML_HASH=$(content_hash prometheus/prometheus.yml)
PROMETHEUS_RULES_HASH=$(content_hash .deploy/porttrack.rules.yml)
ALERTMANAGER_YML_HASH=$(content_hash alertmanager/alertmanager.yml)
GRAFANA_DATASOURCES_HASH=$(content_hash grafana/provisioning/datasources/porttrack.yml)
GRAFANA_DASHBOARDS_PROVIDER_HASH=$(content_hash grafana/provisioning/dashboards/porttrack.yml)
LOKI_YML_HASH=$(content_hash loki/loki.yml)
PROMTAIL_YML_HASH=$(content_hash promtail/promtail.yml)
export NGINX_CONF_HASH POSTGRES_INIT_HASH PROMETHEUS_YML_HASH PROMETHEUS_RULES_HASH ALERTMANAGER_YML_HASH \
  GRAFANA_DATASOURCES_HASH GRAFANA_DASHBOARDS_PROVIDER_HASH LOKI_YML_HASH PROMTAIL_YML_HASH

# promtool and amtool from the PATH, or else from the images the stack runs (the VM has only Docker).
tool() { # binary, image, arguments
  local bin=$1 tool_image=$2
  shift 2
  if command -v "$bin" >/dev/null; then
    "$bin" "$@"
  else
    docker run --rm -v "$stack_dir:$stack_dir:ro" -w "$stack_dir" --entrypoint "$bin" "$tool_image" "$@"
  fi
}
prometheus_image=${PROMETHEUS_IMAGE:-prom/prometheus:v2.53.2}
tool promtool "$prometheus_image" check config --syntax-only prometheus/prometheus.yml >/dev/null
tool promtool "$prometheus_image" check rules .deploy/porttrack.rules.yml >/dev/null
tool amtool "${ALERTMANAGER_IMAGE:-prom/alertmanager:v0.27.0}" check-config alertmanager/alertmanager.yml >/dev/null
log "configuration valid (rules $PROMETHEUS_RULES_HASH, nginx $NGINX_CONF_HASH, alertmanager $ALERTMANAGER_YML_HASH)"

# Services left out (their images cannot be had here): the stack file without their blocks.
# Written beside docker-stack.yml so that relative paths resolve alike.
stack_file=docker-stack.yml
if [ -n "$omit" ]; then
  stack_file=.docker-stack.rendered.yml
  # Services sit at two spaces under `services:`; a block ends at the next one or at column 0.
  awk -v omit=" ${omit//,/ } " '
    /^[^ #]/ { section = $1; skip = 0 }
    section == "services:" && /^  [a-z]/ { name = $1; sub(/:$/, "", name); skip = index(omit, " " name " ") > 0 }
    !skip' docker-stack.yml >"$stack_file"
  log "leaving out: $omit"
fi

# --- 2. Deploy and wait for convergence ---------------------------------------------------
log "deploying $image as stack $stack"
docker stack deploy --prune --resolve-image "$resolve" --with-registry-auth -c "$stack_file" "$stack" >/dev/null

# A service has converged when no update is under way and exactly its desired number of tasks
# run its current image. Prints the Swarm update state.
update_state() { docker service inspect "$1" --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}'; }
converged() {
  local name=$1 state spec_image replicas desired running
  state=$(update_state "$name")
  case "$state" in updating | rollback_started | paused | rollback_paused) return 1 ;; esac
  spec_image=$(docker service inspect "$name" --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}')
  spec_image=${spec_image%@*}
  replicas=$(docker service ls --filter "name=$name" --format '{{.Name}} {{.Replicas}}' | awk -v n="$name" '$1 == n { print $2 }')
  desired=${replicas#*/}
  # A global service that runs nowhere has not converged (its tasks were rejected).
  [ "$desired" != 0 ] || [ -z "$(docker service inspect "$name" --format '{{if .Spec.Mode.Global}}global{{end}}')" ] || return 1
  running=$(docker service ps "$name" --filter desired-state=running --format '{{.Image}} {{.CurrentState}}' |
    awk -v img="$spec_image" '{ sub(/@.*/, "", $1) } $1 == img && $2 == "Running"' | wc -l)
  [ -n "$desired" ] && [ "$running" -eq "$desired" ] && [ "${replicas%/*}" -eq "$desired" ]
}
services=$(docker stack services "$stack" --format '{{.Name}}' | sort)
wait_converged() { # deadline in seconds from now; prints the services that did not converge
  local deadline=$((SECONDS + $1)) pending
  while :; do
    pending=""
    for name in $services; do converged "$name" || pending="$pending ${name#"${stack}_"}"; done
    [ -z "$pending" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      echo "$pending"
      return 1
    fi
    sleep 2
  done
}

status=succeeded
if pending=$(wait_converged "$timeout"); then
  log "every service converged"
else
  log "did not converge within ${timeout}s:$pending"
  status=failed
fi
for s in "${ours[@]}"; do
  case "$(update_state "${stack}_$s")" in
    rollback_*) log "Swarm rolled $s back: its new tasks failed their healthchecks"; status=rolled_back ;;
  esac
done

# --- 3. The post-deploy gate ---------------------------------------------------------------
# Prometheus finds replicas through DNS on its own schedule: the gate waits until it scrapes as
# many targets as the scraped services run (tasks.<service> in prometheus.yml), itself included.
desired_replicas() { docker service ls --format '{{.Name}} {{.Replicas}}' | awk -v n="$1" '$1 == n { split($2, r, "/"); print r[2] }'; }
expected_targets() {
  local total=1 svc n
  while read -r svc; do
    n=$(desired_replicas "${stack}_$svc")
    total=$((total + ${n:-0}))
  done < <(sed -n 's/^ *- tasks\.\([a-z0-9-]*\)$/\1/p' prometheus/prometheus.yml | sort -u)
  echo "$total"
}

if [ "$status" = succeeded ]; then
  min_targets=$(expected_targets)
  log "post-deploy gate on $PORTTRACK_PUBLIC_URL (expecting $min_targets targets)"
  ca_args=()
  [ -n "$ca_file" ] && ca_args=(-v "$(realpath "$ca_file"):/run/gate/ca.pem:ro" -e NODE_EXTRA_CA_CERTS=/run/gate/ca.pem)
  # Secrets travel as inherited environment (-e NAME): never on a command line.
  if PROBE_PASSWORD=$(cat "$secrets_dir/probe_password") GATE_MONITORING_PASSWORD=$(cat "$secrets_dir/monitoring_password") \
    docker run --rm --network host "${ca_args[@]}" -e PROBE_PASSWORD -e GATE_MONITORING_PASSWORD \
    -e GATE_URL="$PORTTRACK_PUBLIC_URL" -e PROBE_EMAIL="${PORTTRACK_PROBE_EMAIL:-probe@porttrack.example}" \
    -e GATE_TIMEOUT_SECONDS="$gate_timeout" -e GATE_MIN_TARGETS="$min_targets" --entrypoint node "$image" synthetics/gate/deploy-gate.js; then
    log "gate passed"
  else
    status=failed
  fi
fi

# --- 4. One rollback, never two --------------------------------------------------------------
if [ "$status" = failed ]; then
  rolled=()
  for s in "${ours[@]}"; do
    # Only services whose spec changed have a previous one; Swarm may already have rolled back.
    if docker service inspect "${stack}_$s" --format '{{if .PreviousSpec}}yes{{end}}' | grep -q yes &&
      [[ "$(update_state "${stack}_$s")" != rollback_* ]]; then
      docker service rollback --detach "${stack}_$s" >/dev/null && rolled+=("$s")
    fi
  done
  if [ ${#rolled[@]} -gt 0 ]; then
    log "rolling back: ${rolled[*]}"
    if pending=$(wait_converged "$timeout"); then log "rolled back"; else log "rollback did not converge:$pending"; fi
    status=rolled_back
  else
    log "nothing to roll back (first deploy of these services)"
  fi
fi

# Configs are immutable and named by content: drop the ones no service uses any more.
for c in $(docker config ls --filter "label=com.docker.stack.namespace=$stack" --format '{{.Name}}'); do
  docker config rm "$c" >/dev/null 2>&1 || true
done

# --- 5. Tell on-call ------------------------------------------------------------------------
body=$(printf '{"service":"porttrack","version":"%s","status":"%s","id":"%s"%s}' \
  "$PORTTRACK_VERSION" "$status" "${DEPLOY_ID:-$PORTTRACK_VERSION-$(date +%s)}" "${DEPLOY_URL:+,\"url\":\"$DEPLOY_URL\"}")
curl_ca=()
[ -n "$ca_file" ] && curl_ca=(--cacert "$ca_file")
if NOTIFIER_AUTH="Authorization: Bearer $(cat "$secrets_dir/notifier_webhook_token")" &&
  curl -fsS --max-time 10 "${curl_ca[@]}" -X POST "$PORTTRACK_PUBLIC_URL/notifier/deployments" \
    -H @<(echo "$NOTIFIER_AUTH") -H 'Content-Type: application/json' -d "$body" >/dev/null; then
  log "deployment reported to the notifier ($status)"
else
  echo "deploy: could not report the deployment to the notifier" >&2
fi
log "$image: $status"
[ "$status" = succeeded ]
