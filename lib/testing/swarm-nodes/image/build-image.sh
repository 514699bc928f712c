#!/usr/bin/env bash
# Builds the Swarm node image (docker-in-docker, see Dockerfile) FROM the project's Debian base,
# which stack/images/base/build-base.sh makes when missing. Cached by tag and the Dockerfile's hash
# (a label on the image), so an image built from an older Dockerfile is rebuilt; --rebuild forces it.
#   lib/testing/swarm-nodes/image/build-image.sh [--rebuild]   -> porttrack/swarm-node:bookworm
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=${PORTTRACK_SWARM_NODE_IMAGE:-porttrack/swarm-node:bookworm}
base=${PORTTRACK_BASE_IMAGE:-porttrack/debian-base:bookworm}

recipe=$(sha256sum "$here/Dockerfile" | cut -c1-16)
cached=$(docker image inspect "$tag" --format '{{index .Config.Labels "porttrack.recipe"}}' 2>/dev/null || true)
if [ "${1:-}" != --rebuild ] && [ "$cached" = "$recipe" ]; then
  echo "swarm node image: $tag cached (recipe $recipe)"
  exit 0
fi
bash "$here/../../../../stack/images/base/build-base.sh"
started=$SECONDS
docker build -q --build-arg "BASE_IMAGE=$base" --label "porttrack.recipe=$recipe" -t "$tag" "$here" >/dev/null
echo "swarm node image: $tag (docker.io $(docker run --rm --entrypoint dockerd "$tag" --version | awk '{print $3}' | tr -d ,)) built in $((SECONDS - started)) s"
