#!/usr/bin/env bash
# test.yml's stack-check job: Loki, Promtail, cAdvisor and Grafana from their official images,
# at the versions stack/docker-stack.yml names, with the repository's configs and the generated
# Grafana provisioning and dashboards. Host networking, with the stack's service names
# (prometheus, loki, postgres) pointed at 127.0.0.1, so the provisioning is used unchanged.
# Needs a Docker host that can pull images: GitHub's runners, not the development machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
secrets=${STACK_CHECK_SECRETS:-$PWD/.data/stack-check/secrets}

image() { # the stack's image reference for a repository, e.g. grafana/loki -> grafana/loki:3.1.1
  grep -oE "$1:[A-Za-z0-9._-]+" stack/docker-stack.yml | head -1 | grep . || {
    echo "stack-check: stack/docker-stack.yml names no $1 image" >&2
    exit 1
  }
}
mkdir -p "$secrets"
[ -s "$secrets/grafana_pg_password" ] || openssl rand -hex 16 >"$secrets/grafana_pg_password"
# As the stack runs Grafana: the provisioned PostgreSQL password is encrypted under this key, so
# the PostgreSQL panels that check.ts asks through Grafana prove it is taken and used.
[ -s "$secrets/grafana_secret_key" ] || openssl rand -hex 24 >"$secrets/grafana_secret_key"
hosts=(--add-host prometheus:127.0.0.1 --add-host loki:127.0.0.1 --add-host postgres:127.0.0.1)

docker run -d --name stack-check-loki --network host \
  -v "$PWD/stack/loki/loki.yml:/etc/loki/loki.yml:ro" \
  "$(image grafana/loki)" -config.file=/etc/loki/loki.yml
docker run -d --name stack-check-promtail --network host "${hosts[@]}" \
  -v /var/run/docker.sock:/var/run/docker.sock:ro \
  -v "$PWD/stack/promtail/promtail.yml:/etc/promtail/config.yml:ro" \
  "$(image grafana/promtail)" -config.file=/etc/promtail/config.yml
docker run -d --name stack-check-cadvisor --network host --privileged \
  -v /:/rootfs:ro -v /var/run:/var/run:ro -v /sys:/sys:ro -v /var/lib/docker/:/var/lib/docker:ro \
  "$(image gcr.io/cadvisor/cadvisor)"
docker run -d --name stack-check-grafana --network host "${hosts[@]}" \
  -e GF_SECURITY_ADMIN_PASSWORD=stack-check -e GF_AUTH_ANONYMOUS_ENABLED=false \
  -e GF_SECURITY_SECRET_KEY__FILE=/run/secrets/grafana_secret_key \
  -v "$PWD/stack/grafana/provisioning:/etc/grafana/provisioning:ro" \
  -v "$PWD/stack/grafana/dashboards:/var/lib/grafana/dashboards:ro" \
  -v "$secrets/grafana_pg_password:/run/secrets/grafana_pg_password:ro" \
  -v "$secrets/grafana_secret_key:/run/secrets/grafana_secret_key:ro" \
  "$(image grafana/grafana)"

wait_http() { # name url
  for _ in $(seq 1 90); do
    curl -fsS -o /dev/null "$2" && { echo "stack-check: $1 ready"; return 0; }
    sleep 2
  done
  echo "stack-check: $1 not ready at $2 after 180 s" >&2
  docker logs --tail 50 "stack-check-$1" >&2 || true
  return 1
}
wait_http loki http://127.0.0.1:3100/ready
wait_http promtail http://127.0.0.1:9080/ready
wait_http cadvisor http://127.0.0.1:8080/healthz
wait_http grafana http://127.0.0.1:3000/api/health
