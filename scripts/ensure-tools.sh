#!/usr/bin/env bash
# Makes sure the real tools the test suite talks to are here: promtool, amtool, Prometheus,
# Alertmanager, node-, postgres-, redis- and blackbox-exporter, chromium (Debian packages), PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.
# As root on Debian/Ubuntu it installs and starts what is missing; otherwise it says exactly what to do.
set -uo pipefail

missing_pkgs=()
# node-, postgres-, redis- and blackbox-exporter: `npm start` and the end-to-end suite run them (PostgreSQL and
# Redis panels and alerts need real series; the blackbox exporter probes the API as the stack's probes the public URL).
# The shellcheck package: `npm run validate` checks every shell script with it.
# chromium: the API reference page (/api/docs) is checked in a real headless browser.
# jq: deploy.sh writes the deploy notice with it (stack/scripts/deploy-notice.test.ts).
for pair in jq:jq shellcheck:shellcheck promtool:prometheus prometheus:prometheus amtool:prometheus-alertmanager \
  prometheus-alertmanager:prometheus-alertmanager prometheus-node-exporter:prometheus-node-exporter \
  prometheus-postgres-exporter:prometheus-postgres-exporter prometheus-redis-exporter:prometheus-redis-exporter \
  prometheus-blackbox-exporter:prometheus-blackbox-exporter chromium:chromium; do
  bin=${pair%%:*}; pkg=${pair##*:}
  command -v "$bin" >/dev/null 2>&1 || missing_pkgs+=("$pkg")
done
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
pg_up || command -v pg_ctlcluster >/dev/null 2>&1 || missing_pkgs+=(postgresql)
redis_up || command -v redis-server >/dev/null 2>&1 || missing_pkgs+=(redis-server)
mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u | sed '/^$/d')

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if [ ${#missing_pkgs[@]} -gt 0 ]; then
  if can_install; then
    echo "ensure-tools: installing ${missing_pkgs[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null; }; then
      echo "ensure-tools: apt-get install ${missing_pkgs[*]} failed" >&2; exit 1
    fi
  else
    echo "ensure-tools: missing ${missing_pkgs[*]}. Install them with: sudo apt-get install ${missing_pkgs[*]}" >&2
    exit 1
  fi
fi

# Debian's prometheus packages start services on install where systemd runs; we start our own copies.
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    # The suite connects as postgres over TCP without a password, as on the CI machines.
    if [ -w "$hba" ] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 0.5; done
  pg_up || { echo "ensure-tools: PostgreSQL is not listening on 127.0.0.1:5432. Start it with: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2; exit 1; }
fi
if ! redis_up; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.25; done
  redis_up || { echo 'ensure-tools: Redis is not listening on 127.0.0.1:6379. Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no' >&2; exit 1; }
fi
exit 0
