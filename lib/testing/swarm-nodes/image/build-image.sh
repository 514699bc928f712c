#!/usr/bin/env bash
# Builds the Swarm node image (docker-in-docker, see Dockerfile) FROM the project's Debian base,
# which stack/images/base/build-base.sh makes when missing. Cached by tag unless --rebuild is given.
#   lib/testing/swarm-nodes/image/build-image.sh [--rebuild]   -> porttrack/swarm-node:bookworm
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=${PORTTRACK_SWARM_NODE_IMAGE:-porttrack/swarm-node:bookworm}
base=${PORTTRACK_BASE_IMAGE:-porttrack/debian-base:bookworm}

if [ "${1:-}" != --rebuild ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "swarm node image: $tag cached"
  exit 0
fi
bash "$here/../../../../stack/images/base/build-base.sh"
started=$SECONDS
docker build -q --build-arg "BASE_IMAGE=$base" -t "$tag" "$here" >/dev/null
echo "swarm node image: $tag (docker.io $(docker run --rm --entrypoint dockerd "$tag" --version | awk '{print $3}' | tr -d ,)) built in $((SECONDS - started)) s"
