#!/usr/bin/env bash
# Inside the fresh-machine container (run.sh --smoke copies it in and runs it from the checkout):
# the base system has every `base` program of scripts/tools/tools.txt and none of what the
# preflight must install; `npm ci && npm start` runs the whole product; docker.io installs and
# dockerd answers; then npm test's preflight.
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

# The README's first command, as root in root's private home: npm start installs Prometheus,
# Alertmanager and the exporters itself, and the embedded PostgreSQL's cluster goes where the
# postgres user can reach it.
npm ci --no-audit --no-fund >/dev/null || exit 1
# Job control: npm start in a process group of its own, to which Ctrl-C is sent as a terminal does
# (without it a background job ignores SIGINT, and so would npm's shell).
set -m
npm start >/tmp/npm-start.log 2>&1 &
start_pid=$!
set +m
for _ in $(seq 1 600); do grep -q 'Press Ctrl-C' /tmp/npm-start.log && break; kill -0 $start_pid 2>/dev/null || break; sleep 1; done
grep -q 'Press Ctrl-C' /tmp/npm-start.log || { cat /tmp/npm-start.log; echo "MISSING: npm start did not get ready"; exit 1; }
kill -INT -- "-$start_pid"
wait "$start_pid"
cat /tmp/npm-start.log
if grep -q 'not running:' /tmp/npm-start.log; then echo "MISSING: npm start runs only part of the product"; status=1; fi
grep -q 'stopped; nothing is left running' /tmp/npm-start.log || { echo "MISSING: npm start did not stop cleanly on Ctrl-C"; status=1; }

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
