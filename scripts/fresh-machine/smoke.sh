#!/usr/bin/env bash
# Inside the fresh-machine container (run.sh --smoke copies it in and runs it from the checkout):
# the base system has every `base` program of scripts/tools/tools.txt and none of what the
# preflight must install; docker.io installs and dockerd answers; then npm test's preflight.
set -uo pipefail
status=0
while read -r program _ needed_by; do
  [ "$needed_by" = base ] || continue
  command -v "$program" >/dev/null || { echo "MISSING: base program $program"; status=1; }
done <scripts/tools/tools.txt
for program in psql postgres pg_ctlcluster redis-server prometheus dockerd; do
  if command -v "$program" >/dev/null; then echo "MISSING: a fresh machine, but $program is already here"; status=1; fi
done
echo "node $(node --version), npm $(npm --version), /root mode $(stat -c %a /root)"

bash scripts/ensure-tools.sh swarm || exit 1
(dockerd >/var/log/dockerd.log 2>&1 &)
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
if ! docker info --format 'dockerd {{.ServerVersion}} answers: storage {{.Driver}}, cgroups {{.CgroupDriver}}'; then
  tail -20 /var/log/dockerd.log
  exit 1
fi
kill "$(cat /var/run/docker.pid)"

started=$SECONDS
bash scripts/ensure-tools.sh || exit 1
echo "ensure-tools (npm test's preflight): done in $((SECONDS - started)) s"
exit $status
