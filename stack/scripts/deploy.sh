#!/usr/bin/env bash
# Deploys the stack from this folder, on a Swarm manager that has nothing but Docker:
#   1. checks that the Swarm holds every Docker secret the stack reads (else names the missing ones
#      and the create-secrets.sh command that makes them), bundles the generated rules, names every
#      config by a hash of its content, and validates Prometheus's and Alertmanager's configuration
#      (promtool/amtool, local or in their images);
#   2. `docker stack deploy`, then waits until every service runs its new spec, healthy. Swarm
#      rolls a service back by itself when new tasks fail their healthchecks;
#   3. the post-deploy gate, through the public URL as a client sees it: the smoke journey,
#      every Prometheus target up, every rule evaluating (synthetics/gate, run in the new image);
#   4. a failed gate or convergence rolls our services back, once: never twice;
#   5. reports the outcome to the notifier (Slack and email), through nginx.
# Exit 0 when the new version stands; 1 when it was rolled back or failed.
#
#   PORTTRACK_VERSION=1.4.2 PORTTRACK_PUBLIC_URL=https://port.example PORTTRACK_SECRETS_DIR=/root/porttrack-secrets \
#     stack/scripts/deploy.sh [--strategy rolling|blue-green] [--switch-back]
#
# --strategy rolling (the default): the `api` service rolls one task at a time, start-first.
# --strategy blue-green: the API runs as api-blue and api-green. The idle colour gets the new
#   version; the gate runs against it through nginx's preview port (PORTTRACK_PREVIEW_PORT,
#   8443); then live traffic switches to it by rewriting the file nginx includes and reloading
#   nginx (api-routing.sh). The old colour keeps running, so that
# --switch-back sends live traffic back to it at once (the same reload), and reports it.
# Whenever the live API service is not the one deployed to (the first blue-green deploy, or a
# rolling deploy after blue-green ones), the same preview-then-switch path is taken.
#
# Settings (environment, or /etc/porttrack/deploy.env on the manager): PORTTRACK_IMAGE (default porttrack),
# PORTTRACK_IMAGE_DIGEST (sha256:<64 hex>: our image by this digest, the tag only naming it; the
# deploy workflow passes the digest it waited for, so a tag moved since changes nothing), PORTTRACK_STACK (porttrack),
# PORTTRACK_TLS_CA_FILE (a CA to trust for PORTTRACK_PUBLIC_URL, e.g. the self-signed
# certificate), PORTTRACK_OMIT_SERVICES (services left out, e.g. where their images cannot be
# had), PORTTRACK_RESOLVE_IMAGE (always|changed|never; never for images that exist only
# locally), PORTTRACK_HA (auto|on|off: the Prometheus pair and three Alertmanagers, lib/ha-layout.sh;
# auto takes them on 3+ nodes with one labelled porttrack.prometheus=b), PORTTRACK_STANDBY
# (auto|on|off: the streaming standby postgres-standby, lib/standby-layout.sh; auto runs it where a
# node is labelled porttrack.db-standby=true), PORTTRACK_CLUSTER (the
# `cluster` external label; the stack name), DEPLOY_TIMEOUT_SECONDS (600), DEPLOY_GATE_TIMEOUT_SECONDS (120), DEPLOY_ID, DEPLOY_URL,
# and every variable docker-stack.yml reads (ports, image names, e-mail addresses, and what the
# Prometheus and Alertmanager config templates read: RUNBOOK_BASE_URL, ALERTMANAGER_SMTP_*,
# ALERTMANAGER_EMAIL_*, ALERTMANAGER_HEARTBEAT_URL). Nothing is regenerated for a deployment.
set -euo pipefail
stack_dir=$(cd "$(dirname "$0")/.." && pwd)
cd "$stack_dir"
started=$SECONDS
log() { echo "deploy [$((SECONDS - started))s]: $*"; }
die() { echo "deploy: $*" >&2; exit 1; }

strategy=${PORTTRACK_DEPLOY_STRATEGY:-rolling}
action=deploy
while [ $# -gt 0 ]; do
  case "$1" in
    --strategy) strategy=${2:-}; shift 2 || shift ;;
    --strategy=*) strategy=${1#*=}; shift ;;
    --switch-back) action=switch-back; shift ;;
    *) die "unknown argument $1 (expected --strategy rolling|blue-green, or --switch-back)" ;;
  esac
done
case "$strategy" in rolling | blue-green) ;; *) die "--strategy: rolling or blue-green, not '$strategy'" ;; esac
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
[ "$action" = switch-back ] || export PORTTRACK_VERSION=${PORTTRACK_VERSION:?set PORTTRACK_VERSION to the image tag to deploy}
digest=${PORTTRACK_IMAGE_DIGEST:-}
[[ -z "$digest" || "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "PORTTRACK_IMAGE_DIGEST: sha256: and 64 hex digits, not '$digest'"
# Appended to our image's tag in docker-stack.yml (tag@digest: the digest decides what runs).
export PORTTRACK_IMAGE_PIN=${digest:+@$digest}
export PORTTRACK_PUBLIC_URL=${PORTTRACK_PUBLIC_URL:?set PORTTRACK_PUBLIC_URL, the https URL clients use (e.g. https://port.example)}
# What the blackbox exporter probes (availability and certificate expiry): the public URL itself.
export PORTTRACK_BLACKBOX_TARGET=${PORTTRACK_BLACKBOX_TARGET:-$PORTTRACK_PUBLIC_URL/healthz}
# The alerts' runbook_url is this base, a slash and runbooks/alerts/<AlertName>.md.
[ -z "${RUNBOOK_BASE_URL:-}" ] || export RUNBOOK_BASE_URL=${RUNBOOK_BASE_URL%/}
secrets_dir=${PORTTRACK_SECRETS_DIR:?set PORTTRACK_SECRETS_DIR, the folder create-secrets.sh read}
timeout=${DEPLOY_TIMEOUT_SECONDS:-600}
gate_timeout=${DEPLOY_GATE_TIMEOUT_SECONDS:-120}
resolve=${PORTTRACK_RESOLVE_IMAGE:-always}
omit=${PORTTRACK_OMIT_SERVICES:-}
ca_file=${PORTTRACK_TLS_CA_FILE:-}
export PORTTRACK_STACK_DIR=$stack_dir
# nginx's routing file lives on the manager, one folder per stack.
live_dir=${PORTTRACK_NGINX_LIVE_DIR:-/var/lib/porttrack/$stack/nginx-live}
export PORTTRACK_NGINX_LIVE_DIR=$live_dir
# shellcheck source=SCRIPTDIR/api-routing.sh
. "$stack_dir/scripts/api-routing.sh"
# shellcheck source=SCRIPTDIR/lib/deploy-notice.sh
. "$stack_dir/scripts/lib/deploy-notice.sh"
# shellcheck source=SCRIPTDIR/lib/config-template.sh
. "$stack_dir/scripts/lib/config-template.sh"
# shellcheck source=SCRIPTDIR/lib/ha-layout.sh
. "$stack_dir/scripts/lib/ha-layout.sh"
# shellcheck source=SCRIPTDIR/lib/standby-layout.sh
. "$stack_dir/scripts/lib/standby-layout.sh"
# shellcheck source=SCRIPTDIR/lib/edge-layout.sh
. "$stack_dir/scripts/lib/edge-layout.sh"
# shellcheck source=SCRIPTDIR/lib/stack-secrets.sh
. "$stack_dir/scripts/lib/stack-secrets.sh"
for f in probe_password monitoring_password notifier_deploy_token; do
  [ -r "$secrets_dir/$f" ] || die "$secrets_dir/$f is missing: the gate and the notification need it"
done
command -v jq >/dev/null || die "jq is needed to write the deploy notification (vm-setup.sh installs it: apt-get install jq)"

# A CLI newer than the engine sends service specs the engine stores differently, so that every
# deploy replaces every task: say so rather than leave on-call puzzled by needless restarts.
read -r cli_version engine_version < <(docker version --format '{{.Client.Version}} {{.Server.Version}}')
[ "${cli_version%%.*}" = "${engine_version%%.*}" ] ||
  log "warning: docker CLI $cli_version and engine $engine_version differ: unchanged services may be restarted; use the engine's own CLI"
# Reports an outcome to the notifier (Slack and email), through nginx: notify STATUS VERSION.
# The deploy token opens POST /deployments and nothing else; jq writes the body (lib/deploy-notice.sh).
notify() {
  local body curl_ca=() auth
  body=$(deploy_notice "$1" "$2" "${DEPLOY_ID:-$2-$(date +%s)}" "${DEPLOY_URL:-}")
  [ -n "$ca_file" ] && curl_ca=(--cacert "$ca_file")
  if auth="Authorization: Bearer $(cat "$secrets_dir/notifier_deploy_token")" &&
    curl -fsS --max-time 10 "${curl_ca[@]}" -X POST "$PORTTRACK_PUBLIC_URL/notifier/deployments" \
      -H @<(echo "$auth") -H 'Content-Type: application/json' -d "$body" >/dev/null; then
    log "reported to the notifier ($1)"
  else
    echo "deploy: could not report to the notifier" >&2
  fi
}
# The image tag a service runs; nothing when it does not exist yet.
version_of() { { docker service inspect "${stack}_$1" --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' 2>/dev/null || true; } | sed 's/@.*//; s/.*://'; }
running_tasks() { docker service ls --filter "name=${stack}_$1" --format '{{.Name}} {{.Replicas}}' | awk -v n="${stack}_$1" '$1 == n { split($2, r, "/"); print r[1] }'; }

# --- Switch back: live traffic to the colour that served before the last switch -------------
if [ "$action" = switch-back ]; then
  live=$(live_service)
  previous=$(preview_service)
  [ "$live" != "$previous" ] || die "nothing to switch back to: $live serves live traffic and no other colour stands by"
  [ "$(running_tasks "$previous")" -gt 0 ] 2>/dev/null || die "$previous runs no task: cannot switch back to it"
  switch_started=$(date +%s%N)
  switch_to "$previous" "$live" || die "nginx refused the new routing: $live still serves"
  log "switched live traffic from $live back to $previous in $(( ($(date +%s%N) - switch_started) / 1000000 )) ms"
  notify rolled_back "$(version_of "$previous")"
  exit 0
fi

# Every Docker secret the stack reads, before anything changes (a switch-back needs none). A
# deployment older than one of them (grafana_secret_key) gets it from create-secrets.sh, which
# writes only the files missing and creates only the secrets missing.
missing=$(missing_secrets docker-stack.yml "${PORTTRACK_SECRETS_PREFIX:-}") || die "cannot list the Swarm's secrets (docker secret ls)"
if [ -n "$missing" ]; then
  die "the Swarm lacks the Docker secret(s) ${missing//$'\n'/, }. Make them, then deploy again:
  ${PORTTRACK_SECRETS_PREFIX:+PORTTRACK_SECRETS_PREFIX=$PORTTRACK_SECRETS_PREFIX }$stack_dir/scripts/create-secrets.sh $secrets_dir --generate
(it generates the missing files and keeps every existing file and secret; runbooks/DEPLOYMENT_GUIDE.md, section 3)"
fi

image="$PORTTRACK_IMAGE:$PORTTRACK_VERSION"
# The layout (lib/ha-layout.sh): the Prometheus pair and three Alertmanagers, or one of each.
ready_nodes=$(docker node ls --format '{{.Status}}' | grep -c '^Ready$' || true)
# How many nodes carry the label KEY=VALUE (the layouts' placement labels).
nodes_labelled() { docker node ls -q | xargs docker node inspect --format "{{ index .Spec.Labels \"$1\" }}" | grep -cx "$2" || true; }
b_nodes=$(nodes_labelled porttrack.prometheus b)
layout=$(ha_layout "${PORTTRACK_HA:-auto}" "$ready_nodes" "$b_nodes") || die "no layout to deploy (see above)"
ha_replicas "$layout"
# The streaming standby, where a node is labelled for it (lib/standby-layout.sh).
standby_nodes=$(nodes_labelled porttrack.db-standby true)
standby_replicas "${PORTTRACK_STANDBY:-auto}" "$standby_nodes" || die "cannot place the streaming standby (see above)"
# One nginx per edge node (lib/edge-layout.sh), each on a manager.
ready_managers=$(docker node ls --format '{{.Status}} {{.ManagerStatus}}' | grep -c '^Ready .' || true)
edge_replicas "${PORTTRACK_EDGE_NODES:-1}" "$ready_managers" "$strategy" || die "cannot place nginx (see above)"
# The external label `cluster` of both Prometheus replicas (their alerts keep it).
export PORTTRACK_CLUSTER=${PORTTRACK_CLUSTER:-$stack}
# The API service this deploy updates (target) and the one serving live traffic now (live).
live=$(live_service)
if [ "$strategy" = blue-green ]; then
  case "$live" in api-blue) target=api-green ;; *) target=api-blue ;; esac
else
  target=api
fi
# Each API service's image and replicas: the target gets the new version, the live one (when
# another) keeps what it runs, the third keeps its image at 0 replicas.
api_replicas=${PORTTRACK_API_REPLICAS:-3}
for svc in api api-blue api-green; do
  case "$svc" in api) prefix=PORTTRACK_API ;; api-blue) prefix=PORTTRACK_BLUE ;; *) prefix=PORTTRACK_GREEN ;; esac
  v=$(version_of "$svc")
  if [ "$svc" = "$target" ]; then
    v=$PORTTRACK_VERSION$PORTTRACK_IMAGE_PIN n=$api_replicas
  elif [ "$svc" = "$live" ]; then
    n=$(docker service inspect "${stack}_$svc" --format '{{.Spec.Mode.Replicated.Replicas}}' 2>/dev/null || echo 0)
  else
    n=0
  fi
  export "${prefix}_VERSION=${v:-$PORTTRACK_VERSION}" "${prefix}_REPLICAS=$n"
done
ours=("$target" exporters notifier synthetics)
# The preview port serves the target: deploy.sh's checks reach it there before any switch.
if [ "$(live_service)" != "$live" ] || [ "$(preview_service)" != "$target" ] || [ ! -r "$(routing_file)" ]; then
  switch_to "$live" "$target" || die "nginx refused the routing file $(routing_file)"
fi
public_host=${PORTTRACK_PUBLIC_URL#*://}
public_host=${public_host%%/*}
preview_url=${PORTTRACK_PREVIEW_URL:-https://${public_host%:*}:${PORTTRACK_PREVIEW_PORT:-8443}}
[ "$target" = "$live" ] || log "$strategy: deploying to $target (live: $live), previewed on $preview_url"

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
NGINX_FORWARDED_HASH=$(content_hash nginx/proxy-forwarded.conf)
POSTGRES_INIT_HASH=$(content_hash postgres/porttrack-roles.sh)
POSTGRES_MONITOR_ROLE_HASH=$(content_hash postgres/monitor-role.sql)
PROMETHEUS_YML_HASH=$(content_hash prometheus/prometheus.yml)
PROMETHEUS_RULES_HASH=$(content_hash .deploy/porttrack.rules.yml)
ALERTMANAGER_YML_HASH=$(content_hash alertmanager/alertmanager.yml)
ALERTMANAGER_ENTRYPOINT_HASH=$(content_hash alertmanager/cluster-entrypoint.sh)
GRAFANA_DATASOURCES_HASH=$(content_hash grafana/provisioning/datasources/porttrack.yml)
GRAFANA_DASHBOARDS_PROVIDER_HASH=$(content_hash grafana/provisioning/dashboards/porttrack.yml)
LOKI_YML_HASH=$(content_hash loki/loki.yml)
PROMTAIL_YML_HASH=$(content_hash promtail/promtail.yml)
BLACKBOX_YML_HASH=$(content_hash blackbox/blackbox.yml)
export NGINX_CONF_HASH NGINX_FORWARDED_HASH POSTGRES_INIT_HASH POSTGRES_MONITOR_ROLE_HASH PROMETHEUS_YML_HASH PROMETHEUS_RULES_HASH \
  ALERTMANAGER_YML_HASH ALERTMANAGER_ENTRYPOINT_HASH GRAFANA_DATASOURCES_HASH GRAFANA_DASHBOARDS_PROVIDER_HASH LOKI_YML_HASH PROMTAIL_YML_HASH \
  BLACKBOX_YML_HASH

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
# prometheus.yml and alertmanager.yml are Swarm config templates: checked as Swarm will render
# them with this deployment's values (deploy.env, else docker-stack.yml's defaults).
render_config_template prometheus/prometheus.yml docker-stack.yml >.deploy/prometheus.yml
render_config_template alertmanager/alertmanager.yml docker-stack.yml >.deploy/alertmanager.yml
tool promtool "$prometheus_image" check config --syntax-only .deploy/prometheus.yml >/dev/null
tool promtool "$prometheus_image" check rules .deploy/porttrack.rules.yml >/dev/null
tool amtool "${ALERTMANAGER_IMAGE:-prom/alertmanager:v0.27.0}" check-config .deploy/alertmanager.yml >/dev/null
log "configuration valid (rules $PROMETHEUS_RULES_HASH, nginx $NGINX_CONF_HASH, alertmanager $ALERTMANAGER_YML_HASH)"
log "layout: $layout (prometheus-b replicas $PORTTRACK_PROMETHEUS_B_REPLICAS, alertmanager replicas $PORTTRACK_ALERTMANAGER_REPLICAS, nginx replicas $PORTTRACK_NGINX_REPLICAS; $ready_nodes ready node(s))"

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

# --- The post-deploy gate, used by steps 2 and 3 ----------------------------------------------
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

# in_new_image NETWORK SCRIPT [docker run options]: a Node entry point of the image just deployed,
# trusting the deployment's CA, with the monitoring password. Secrets travel as inherited
# environment (-e NAME): never on a command line.
in_new_image() {
  local network=$1 script=$2 ca_args=()
  shift 2
  [ -n "$ca_file" ] && ca_args=(-v "$(realpath "$ca_file"):/run/gate/ca.pem:ro" -e NODE_EXTRA_CA_CERTS=/run/gate/ca.pem)
  GATE_MONITORING_PASSWORD=$(cat "$secrets_dir/monitoring_password") \
    docker run --rm --network "$network" "${ca_args[@]}" -e GATE_MONITORING_PASSWORD "$@" \
    --entrypoint node "$image$PORTTRACK_IMAGE_PIN" "$script"
}

# gate URL [NETWORK [CHECKS]]: the post-deploy gate (in the new image) against one entry point,
# from the host's network by default; CHECKS=smoke runs the journey only. 0 when it passes.
gate() {
  local min_targets
  min_targets=$(expected_targets)
  log "post-deploy gate on $1 (${3:-all} checks; expecting $min_targets targets)"
  PROBE_PASSWORD=$(cat "$secrets_dir/probe_password") in_new_image "${2:-host}" synthetics/gate/deploy-gate.js \
    -e PROBE_PASSWORD -e GATE_URL="$1" -e GATE_CHECKS="${3:-all}" -e PROBE_EMAIL="${PORTTRACK_PROBE_EMAIL:-probe@porttrack.example}" \
    -e GATE_TIMEOUT_SECONDS="$gate_timeout" -e GATE_MIN_TARGETS="$min_targets"
}

# --- 2. Deploy and wait for convergence ---------------------------------------------------
log "deploying $image$PORTTRACK_IMAGE_PIN as stack $stack"
image_before=$(docker service inspect "${stack}_$target" --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' 2>/dev/null | sed 's/@.*//' || true)
running_before=$(running_tasks "$target" 2>/dev/null || true)
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

# The canary: a rolling update of a serving API puts one new task beside the old ones, then goes
# on. As soon as that first task is healthy (and so in DNS), the smoke journey runs against it
# directly over the overlay network: a version that is healthy but fails requests is rolled
# back while it serves a share of the traffic for seconds, not after the whole rollout.
monitoring_net="${stack}_monitoring"
canary_address() {
  local id
  id=$({ docker service ps "${stack}_$target" --filter desired-state=running --format '{{.ID}} {{.Image}} {{.CurrentState}}' 2>/dev/null || true; } |
    awk -v img="$image" '{ sub(/@.*/, "", $2) } $2 == img && $3 == "Running" { print $1; exit }')
  [ -n "$id" ] || return 0
  { docker inspect "$id" --format "{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \"$monitoring_net\"}}{{index .Addresses 0}}{{end}}{{end}}" 2>/dev/null || true; } | sed 's,/.*,,'
}
status=succeeded
if [ "$target" = "$live" ] && [ -n "$image_before" ] && [ "$image_before" != "$image" ] && [ "${running_before:-0}" -gt 0 ]; then
  log "canary: waiting for the first $image task of $target"
  canary_deadline=$((SECONDS + timeout))
  address=""
  while [ -z "$address" ] && [ $SECONDS -lt $canary_deadline ]; do
    case "$(update_state "${stack}_$target")" in rollback_*) break ;; esac
    address=$(canary_address)
    [ -n "$address" ] || sleep 1
  done
  if [ -n "$address" ]; then
    if gate "http://$address:3000" "$monitoring_net" smoke; then
      log "canary passed: the rollout goes on"
    else
      log "canary failed: rolling back at once"
      status=failed
    fi
  fi
fi
if [ "$status" = succeeded ]; then
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
fi

# --- 3. The post-deploy gate ---------------------------------------------------------------
if [ "$status" = succeeded ] && [ "$target" = "$live" ]; then
  if gate "$PORTTRACK_PUBLIC_URL"; then log "gate passed"; else status=failed; fi
elif [ "$status" = succeeded ]; then
  # Blue-green: the new colour through the preview port first; live traffic has not moved.
  if gate "$preview_url"; then
    log "gate passed on $target: switching live traffic from $live"
    switch_started=$(date +%s%N)
    if switch_to "$target" "$live"; then
      log "switched live traffic to $target in $(( ($(date +%s%N) - switch_started) / 1000000 )) ms (nginx reloaded, same task)"
      # Then as a client sees it; a failure switches straight back.
      if gate "$PORTTRACK_PUBLIC_URL"; then
        log "gate passed"
      else
        switch_to "$live" "$target" && log "switched live traffic back to $live"
        status=failed
      fi
    else
      log "nginx refused the new routing: $live still serves"
      status=failed
    fi
  else
    status=failed
  fi
fi
# The old live service keeps running, standing by for --switch-back, until the next deploy (which
# gives the API service that is neither live nor deployed to 0 replicas).

# --- 3b. Silences as code -------------------------------------------------------------------
# Once the new version stands, Alertmanager holds exactly the silences declared in
# rules/silences/silences.ts (alertmanager/silences.json): the reconciler in the new image makes,
# changes and expires its own through the public URL and never touches a person's. A failure is
# logged and leaves the deploy standing: silences are no reason to roll a version back.
reconcile_silences() {
  in_new_image host synthetics/gate/reconcile-silences.js -i -e ALERTMANAGER_URL="$PORTTRACK_PUBLIC_URL/alertmanager" \
    <alertmanager/silences.json 2>&1 | while IFS= read -r line; do log "$line"; done
}
if [ "$status" = succeeded ] && ! reconcile_silences; then
  log "silences: not reconciled (above); the deploy stands, the next deploy tries again"
fi

# --- 4. One rollback, never two --------------------------------------------------------------
# Swarm may have rolled back only some of our services (one whose tasks failed): the others go
# back too, so that no mix of versions stays. Each service is rolled back once, by Swarm or here.
if [ "$status" = failed ] || [ "$status" = rolled_back ]; then
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
  elif [ "$status" = failed ]; then
    log "nothing to roll back (first deploy of these services)"
  fi
fi

# Configs are immutable and named by content: drop the ones no service uses any more.
for c in $(docker config ls --filter "label=com.docker.stack.namespace=$stack" --format '{{.Name}}'); do
  docker config rm "$c" >/dev/null 2>&1 || true
done

# --- 5. Tell on-call ------------------------------------------------------------------------
notify "$status" "$PORTTRACK_VERSION"
log "$image: $status"
[ "$status" = succeeded ]
