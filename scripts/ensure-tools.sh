#!/usr/bin/env bash
# Makes sure the programs a command needs are here, from the one table of programs and Debian
# packages (scripts/tools/tools.txt):
#   scripts/ensure-tools.sh [test|start|swarm] [--dry-run]
# test (the default, `npm test`): every `test` program (promtool, amtool, Prometheus,
#   Alertmanager, the exporters, chromium, docker.io, debootstrap, ...), then PostgreSQL on
#   127.0.0.1:5432 and Redis on 127.0.0.1:6379, installed and started when missing.
# start (`npm start`): the `start` programs (Prometheus, Alertmanager, the exporters); where they
#   cannot be installed it says nothing and exits 0 (npm start then names each part not running).
# swarm (`npm run test:swarm`): the `swarm` programs.
# As root with apt-get it installs what is missing, saying what and how long it took; otherwise
# it prints the exact apt-get line (and, for test and swarm, fails). --dry-run only says what it
# would do.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
table=$here/tools/tools.txt
scope=test dry_run=
for arg in "$@"; do
  case "$arg" in
    test | start | swarm) scope=$arg ;;
    --dry-run) dry_run=1 ;;
    *) echo "ensure-tools: unknown argument $arg (usage: ensure-tools.sh [test|start|swarm] [--dry-run])" >&2; exit 2 ;;
  esac
done

# The Debian package of a program in the table.
package_of() { while read -r program pkg _; do [ "$program" = "$1" ] && echo "$pkg" && return; done <"$table"; }

missing_pkgs=()
while read -r program pkg needed_by; do
  case "$program" in '' | '#'*) continue ;; esac
  [[ ",$needed_by," == *",$scope,"* ]] || continue
  # type -P: a program on the PATH, not a shell builtin of the same name (bash's kill, test);
  # Debian keeps PostgreSQL's server programs (initdb, postgres) off the PATH, per version.
  type -P "$program" >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/$program" >/dev/null ||
    missing_pkgs+=("$pkg")
done <"$table"
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
if [ "$scope" = test ]; then
  pg_up || command -v pg_ctlcluster >/dev/null 2>&1 || missing_pkgs+=("$(package_of pg_ctlcluster)")
fi
mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u | sed '/^$/d')

why_not() {
  if [ "$(id -u)" != 0 ]; then
    echo 'not root'
  elif ! command -v apt-get >/dev/null 2>&1; then echo 'no apt-get on this machine'; fi
}

if [ ${#missing_pkgs[@]} -gt 0 ]; then
  reason=$(why_not)
  if [ -n "$dry_run" ]; then
    if [ -z "$reason" ]; then
      echo "ensure-tools: would install ${missing_pkgs[*]} (apt-get)"
    else
      echo "ensure-tools: cannot install ${missing_pkgs[*]} ($reason). Install them with: sudo apt-get install ${missing_pkgs[*]}"
    fi
    exit 0
  fi
  if [ -n "$reason" ]; then
    [ "$scope" = start ] && exit 0
    echo "ensure-tools: missing ${missing_pkgs[*]} ($reason). Install them with: sudo apt-get install ${missing_pkgs[*]}" >&2
    exit 1
  fi
  echo "ensure-tools: installing ${missing_pkgs[*]} (apt-get; a minute or a few on a fresh machine)"
  started=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  # (debconf's "delaying package configuration" notice on a machine without apt-utils is noise.)
  if ! { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing_pkgs[@]}" >/dev/null; } 2> >(grep -v '^debconf: delaying package configuration' >&2); then
    echo "ensure-tools: apt-get install ${missing_pkgs[*]} failed" >&2
    exit 1
  fi
  echo "ensure-tools: installed ${missing_pkgs[*]} in $((SECONDS - started)) s"
elif [ -n "$dry_run" ]; then
  echo "ensure-tools: nothing to install"
  exit 0
fi
[ "$scope" = test ] || exit 0

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
