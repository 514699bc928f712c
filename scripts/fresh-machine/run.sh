#!/usr/bin/env bash
# The fresh-machine proof: a clean Debian container with nothing but Node 20 and apt (the
# project's debootstrap base, stack/images/base/build-base.sh, plus Node 20 and npm from the npm
# registry, as stack/images/node builds its Node 24 image), the repository cloned into
# /root/<name> at a given commit, and `CI=true bash .ci/run` run inside as root. No PostgreSQL,
# Redis, Prometheus or Docker is preinstalled: the suite's own preflight must install them.
#   scripts/fresh-machine/run.sh [--commit REV] [--name NAME] [--smoke] [--keep]
# --commit  what to clone (default HEAD of this checkout; uncommitted changes are not included)
# --smoke   instead of .ci/run (scripts/fresh-machine/smoke.sh): the base system has every
#           `base` program of scripts/tools/tools.txt; `npm ci && npm start` runs everything
#           (installing what it runs) and stops; docker.io installs and dockerd answers inside;
#           then `bash scripts/ensure-tools.sh` (what npm test installs)
# --keep    leave the container (and its /var/lib/docker volume) for a look afterwards
# Needs root and a Docker Engine on this machine. The log goes to .data/fresh-machine/; the last
# lines printed are the run's `N passed, N failed` and its elapsed time.
# Docker inside the container (the Swarm suites, vm-setup's container): --privileged is refused
# on some hosts (CAP_SYS_RESOURCE withheld), so every other capability, no seccomp or AppArmor
# profile, the host's cgroup hierarchy, a tmpfs /run, and /var/lib/docker on a volume (overlay2
# cannot sit on the container's own overlay root). The inner dockerd gets its own cgroup parent.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
commit=HEAD name=porttrack mode=ci keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --commit) commit=${2:?--commit needs a revision}; shift 2 ;;
    --name) name=${2:?--name needs a folder name}; shift 2 ;;
    --smoke) mode=smoke; shift ;;
    --keep) keep=1; shift ;;
    *) echo "fresh-machine: unknown argument $1 (usage: run.sh [--commit REV] [--name NAME] [--smoke] [--keep])" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "fresh-machine: run as root (it builds images and runs a container with every capability)" >&2; exit 1; }
rev=$(git -C "$repo" rev-parse --verify "$commit^{commit}")
image=${PORTTRACK_FRESH_IMAGE:-porttrack/node:20-bookworm}
container=porttrack-fresh-$$
volume=$container-docker
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$repo/.data/fresh-machine"
log=$repo/.data/fresh-machine/$mode-$stamp.log
started=$SECONDS
say() { echo "fresh-machine: $*" | tee -a "$log"; }

clone=$(mktemp -d)
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  rm -rf "$clone"
  if [ -z "$keep" ]; then
    docker rm -f "$container" >/dev/null 2>&1 || true
    docker volume rm "$volume" >/dev/null 2>&1 || true
    # The inner dockerd's cgroups (empty once the container is gone).
    find /sys/fs/cgroup -depth -type d -path "*/$container*" -exec rmdir {} + 2>/dev/null || true
  fi
  if [ -n "$own_dockerd" ]; then
    kill "$own_dockerd" 2>/dev/null && wait "$own_dockerd" 2>/dev/null
  fi
}
own_dockerd=
trap cleanup EXIT
# A Docker Engine: the one running, or one started for this run (stopped at the end).
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || { echo "fresh-machine: no Docker Engine here: apt-get install docker.io" >&2; exit 1; }
  dockerd >/var/log/porttrack-fresh-dockerd.log 2>&1 &
  own_dockerd=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "fresh-machine: dockerd did not answer in 60 s: see /var/log/porttrack-fresh-dockerd.log" >&2; exit 1; }
fi

say "log: $log"
say "image $image: the Debian base (debootstrap) plus Node 20 and npm only"
PORTTRACK_NODE_IMAGE=$image NODE_VERSION=20 bash "$repo/stack/images/node/build-node-image.sh" 2>&1 | tee -a "$log"
say "cloning $rev into /root/$name"
git clone --quiet --no-hardlinks "$repo" "$clone/$name"
git -C "$clone/$name" checkout --quiet "$rev"
docker volume create "$volume" >/dev/null
docker run -d --name "$container" --hostname fresh-machine \
  --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run -v "$volume:/var/lib/docker" \
  "$image" sleep infinity >/dev/null
docker cp "$clone/$name" "$container:/root/$name"
inside() { docker exec -i -w "/root/$name" "$container" bash -c "$1" 2>&1 | tee -a "$log"; }
# The inner dockerd's containers in a cgroup of their own, not beside this machine's.
docker exec "$container" bash -c "mkdir -p /etc/docker && echo '{\"cgroup-parent\": \"/$container\"}' >/etc/docker/daemon.json"

status=0
if [ "$mode" = smoke ]; then
  say "smoke: the base programs, docker.io and dockerd, then npm test's preflight"
  docker cp "$repo/scripts/fresh-machine/smoke.sh" "$container:/usr/local/bin/porttrack-fresh-smoke"
  inside 'bash /usr/local/bin/porttrack-fresh-smoke' || status=1
  result='smoke passed'
  [ $status = 0 ] || result='smoke FAILED'
else
  say "running CI=true bash .ci/run in /root/$name as root (about half an hour)"
  inside 'CI=true bash .ci/run' || status=1
  result=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
  result=${result:-'no "N passed, N failed" line: see the log'}
fi
elapsed=$((SECONDS - started))
say "$result"
say "elapsed $((elapsed / 60)) min $((elapsed % 60)) s (commit $rev; log $log)"
exit $status
