#!/usr/bin/env bash
# Deploys the stack from this checkout and waits for the rolling update of our services to
# converge. Swarm rolls a service back by itself when its new tasks fail their health checks
# (update_config.failure_action: rollback); this script reports that and exits non-zero so CI
# marks the deploy failed. Then it reports the deployment to the notifier.
#   PORTTRACK_VERSION=1.4.2 stack/scripts/deploy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${PORTTRACK_STACK:-porttrack}
version=${PORTTRACK_VERSION:?set PORTTRACK_VERSION to the image tag to deploy}
timeout=${DEPLOY_TIMEOUT_SECONDS:-600}

promtool check config prometheus/prometheus.yml >/dev/null
amtool check-config alertmanager/alertmanager.yml >/dev/null

docker stack deploy --with-registry-auth --prune -c docker-stack.yml "$stack"

status=succeeded
for service in api exporters notifier synthetics; do
  name="${stack}_${service}"
  deadline=$((SECONDS + timeout))
  while :; do
    state=$(docker service inspect "$name" --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}completed{{end}}')
    case "$state" in
      completed) echo "deploy: $name at $version"; break ;;
      rollback_completed|rollback_paused|paused) echo "deploy: $name rolled back ($state)" >&2; status=rolled_back; break ;;
    esac
    if [ $SECONDS -ge $deadline ]; then
      echo "deploy: $name did not converge within ${timeout}s; rolling back" >&2
      docker service rollback "$name" >/dev/null || true
      status=rolled_back
      break
    fi
    sleep 5
  done
done

# Prometheus reloads the generated rules it reads from the checkout.
docker run --rm --network "${stack}_backend" curlimages/curl:8.9.1 -fsS -X POST http://prometheus:9090/-/reload || \
  echo "deploy: Prometheus reload failed; rules stay at their previous version until it restarts" >&2

if [ -n "${NOTIFIER_URL:-}" ] && [ -n "${NOTIFIER_WEBHOOK_TOKEN:-}" ]; then
  body="{\"service\":\"porttrack\",\"version\":\"$version\",\"status\":\"$status\",\"id\":\"${DEPLOY_ID:-$version}\""
  [ -n "${DEPLOY_URL:-}" ] && body="$body,\"url\":\"$DEPLOY_URL\""
  curl -fsS -X POST "$NOTIFIER_URL/deployments" \
    -H "Authorization: Bearer $NOTIFIER_WEBHOOK_TOKEN" -H 'Content-Type: application/json' \
    -d "$body}" >/dev/null || \
    echo "deploy: could not report the deployment to the notifier" >&2
fi
[ "$status" = succeeded ]
