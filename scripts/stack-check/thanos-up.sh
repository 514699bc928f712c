#!/usr/bin/env bash
# test.yml's stack-check job, after start-porttrack.sh: the stack's Prometheus pair
# (runbooks/SCALING.md, "The highly available layout") with Thanos Query over it.
# npm start's Prometheus (127.0.0.1:9090, started as replica a: PROMETHEUS_REPLICA=a,
# PORTTRACK_CLUSTER=stack-check) gets a replica b: the same prometheus.yml and rule files with only
# `replica: b` (replica-config.ts), its own TSDB in .data/stack-check/prometheus-b and its own port,
# 9190 (npm start's parts hold 9086-9096: 9091 is its Alertmanager). Then a Thanos sidecar beside
# each replica and Thanos Query over both sidecars with --query.replica-label=replica, from the
# official image, on the host's network, each on 127.0.0.1:
#   sidecar a: gRPC 10901, HTTP 10902; sidecar b: gRPC 10911, HTTP 10912; Query: gRPC 10903, HTTP 10904.
# thanos-check.ts then asks Query. Needs a Docker host that can pull images (GitHub's runners), not
# the development machine, which has no Thanos (no package, no image registry): there
# scripts/stack-check/dedup-check.test.ts runs the check on real Prometheus answers.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=$PWD/.data/stack-check
# The Thanos release (v0.42.4, 2026-07-30); its flags as that release's docs/components/sidecar.md
# and query.md give them. runbooks/SCALING.md names the same image (thanos-up.test.ts holds it).
image=quay.io/thanos/thanos:v0.42.4
port_b=9190

wait_http() { # name url log-command...
  local name=$1 url=$2
  shift 2
  for _ in $(seq 1 90); do
    curl -fsS -o /dev/null "$url" && { echo "thanos-up: $name ready"; return 0; }
    sleep 2
  done
  echo "thanos-up: $name not ready at $url after 180 s" >&2
  "$@" >&2 || true
  return 1
}

# Replica b, with the flags npm start gives replica a (local-platform/prometheus.ts): the lifecycle
# API, 2 days of TSDB, firing alerts re-sent every 5 s to the same Alertmanager, which sees one
# alert from both (`replica` is dropped from alerts, as in the stack).
mkdir -p "$data/prometheus-b/data" "$data/logs"
npx tsx scripts/stack-check/replica-config.ts "$data/prometheus/prometheus.yml" b \
  >"$data/prometheus-b/prometheus.yml"
nohup prometheus --config.file="$data/prometheus-b/prometheus.yml" \
  --storage.tsdb.path="$data/prometheus-b/data" \
  --web.listen-address="127.0.0.1:$port_b" --web.external-url="http://127.0.0.1:$port_b" \
  --web.enable-lifecycle --storage.tsdb.retention.time=2d --rules.alert.resend-delay=5s \
  >"$data/logs/prometheus-b.log" 2>&1 &
wait_http prometheus-b "http://127.0.0.1:$port_b/-/ready" tail -n 40 "$data/logs/prometheus-b.log"

# A sidecar per replica: Thanos' Store API over the replica's remote-read API, labelled with the
# replica's external labels (it refuses a Prometheus without any). No --objstore.config: nothing
# is uploaded, so it needs neither the TSDB folder nor --web.enable-admin-api.
sidecar() { # replica prometheus-port grpc-port http-port
  docker run -d --name "stack-check-thanos-sidecar-$1" --network host "$image" sidecar \
    --prometheus.url="http://127.0.0.1:$2" \
    --grpc-address="127.0.0.1:$3" --http-address="127.0.0.1:$4"
}
sidecar a 9090 10901 10902
sidecar b "$port_b" 10911 10912
wait_http thanos-sidecar-a http://127.0.0.1:10902/-/ready docker logs --tail 50 stack-check-thanos-sidecar-a
wait_http thanos-sidecar-b http://127.0.0.1:10912/-/ready docker logs --tail 50 stack-check-thanos-sidecar-b

# Query over both sidecars, deduplicating on `replica`. The endpoints through --endpoint.sd-config:
# the release's --endpoint flag is deprecated (and --store is gone).
docker run -d --name stack-check-thanos-query --network host "$image" query \
  --query.replica-label=replica \
  --grpc-address=127.0.0.1:10903 --http-address=127.0.0.1:10904 \
  --endpoint.sd-config="endpoints: [{address: '127.0.0.1:10901'}, {address: '127.0.0.1:10911'}]"
wait_http thanos-query http://127.0.0.1:10904/-/ready docker logs --tail 50 stack-check-thanos-query
