#!/usr/bin/env bash
# `npm run test:swarm`: the stack deployed for real on this machine's Docker Swarm. Installs what
# it needs when missing (the `swarm` rows of scripts/tools/tools.txt: Debian's docker.io,
# debootstrap, apache2-utils for htpasswd, openssl, curl, jq for deploy.sh's notice), then runs
# the Swarm suites named as arguments (vitest.swarm.config.ts). Root is needed for dockerd.
# The compose suite needs a compose CLI: the `docker compose` plugin where the docker CLI has it,
# else Debian's docker-compose 1.29 (the only one a Debian mirror offers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh swarm
# The compose CLI is either of two things, which the table of programs cannot say.
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "test:swarm: missing a compose CLI: run as root, or: sudo apt-get install -y docker-compose" >&2
    exit 1
  fi
  echo "test:swarm: installing docker-compose"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
export NO_COLOR=1
exec npx vitest run -c vitest.swarm.config.ts "$@"
