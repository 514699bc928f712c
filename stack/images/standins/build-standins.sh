#!/usr/bin/env bash
# Builds the stand-ins for the stack's third-party images from Debian's packages (no registry is
# reachable here) and writes the image variables the stack reads to the file given as $1.
# Grafana, Loki, Promtail and cAdvisor have no Debian package: they get no stand-in.
#   stack/images/standins/build-standins.sh images.env [--rebuild]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build-standins.sh ENV_FILE [--rebuild]}
rebuild=${2:-}
base=${PORTTRACK_BASE_IMAGE:-porttrack/debian-base:bookworm}
bash "$here/../base/build-base.sh"

# variable          image name        packages                        binary (entry point)                 user      data folder
standins=(
  "NGINX_IMAGE             nginx             nginx                           -                                    root      -"
  "REDIS_IMAGE             redis             redis-server,redis-tools        -                                    redis     /data"
  "PROMETHEUS_IMAGE        prometheus        prometheus                      /usr/bin/prometheus                  nobody    /prometheus"
  "ALERTMANAGER_IMAGE      alertmanager      prometheus-alertmanager         /usr/bin/prometheus-alertmanager     nobody    /alertmanager"
  "NODE_EXPORTER_IMAGE     node-exporter     prometheus-node-exporter        /usr/bin/prometheus-node-exporter    nobody    -"
  "POSTGRES_EXPORTER_IMAGE postgres-exporter prometheus-postgres-exporter    /usr/bin/prometheus-postgres-exporter nobody   -"
  "REDIS_EXPORTER_IMAGE    redis-exporter    prometheus-redis-exporter       /usr/bin/prometheus-redis-exporter   nobody    -"
  "BLACKBOX_EXPORTER_IMAGE blackbox-exporter prometheus-blackbox-exporter    /usr/bin/prometheus-blackbox-exporter nobody   -"
)

build() { # tag, then docker build arguments
  local tag=$1
  shift
  if [ "$rebuild" != --rebuild ] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "stand-in: $tag cached"
    return
  fi
  local started=$SECONDS
  docker build -q --build-arg "BASE_IMAGE=$base" -t "$tag" "$@" >/dev/null
  echo "stand-in: $tag built in $((SECONDS - started)) s"
}

: >"$out"
for row in "${standins[@]}"; do
  read -r var name packages binary user data <<<"$row"
  [ "$binary" = - ] && binary=""
  [ "$data" = - ] && data=""
  tag="porttrack-standin/$name:debian"
  build "$tag" --build-arg "PACKAGES=${packages//,/ }" --build-arg "BINARY=$binary" \
    --build-arg "RUN_AS=$user" --build-arg "DATA_DIR=$data" "$here"
  echo "$var=$tag" >>"$out"
done
build porttrack-standin/postgres:debian "$here/postgres"
echo "POSTGRES_IMAGE=porttrack-standin/postgres:debian" >>"$out"
