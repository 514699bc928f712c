#!/usr/bin/env bash
# `npm run test:swarm`: the stack deployed for real on this machine's Docker Swarm. Installs what
# it needs when missing (Debian's docker.io, debootstrap, apache2-utils for htpasswd, jq), then runs
# the Swarm suites named as arguments (vitest.swarm.config.ts). Root is needed for dockerd.
# The compose suite needs a compose CLI: the `docker compose` plugin where the docker CLI has it,
# else Debian's docker-compose 1.29 (the only one a Debian mirror offers).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq) # deploy.sh writes the deploy notice with it
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test:swarm: missing ${missing[*]}: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "test:swarm: installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export NO_COLOR=1
exec npx vitest run -c vitest.swarm.config.ts "$@"
