#!/usr/bin/env bash
# Writes this node's keepalived.conf for the public address (a VRRP virtual IP over unicast):
#   KEEPALIVED_PASSWORD_FILE=/root/vrrp-pass stack/scripts/keepalived-config.sh \
#     --vip 203.0.113.10/24 --interface eth0 --priority 150 --src 10.0.0.11 --peer 10.0.0.12 \
#     [--peer ...] [--vrid 51] [--health-url http://127.0.0.1/nginx-health] [--out FILE]
# The shared VRRP password (1-8 characters: VRRP's PASS type keeps 8) comes from
# KEEPALIVED_PASSWORD or the file KEEPALIVED_PASSWORD_FILE names, never from the repository.
# Without --out it prints the configuration. runbooks/SCALING.md shows the whole set-up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
template=$here/../keepalived/keepalived.conf.template

fail() { echo "keepalived-config: $*" >&2; exit 2; }
ipv4='^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$'
is_ipv4() { [[ $1 =~ $ipv4 ]]; }
is_int_in() { [[ $1 =~ ^[0-9]{1,3}$ ]] && ((10#$1 >= $2 && 10#$1 <= $3)); }

vip='' interface='' priority='' src='' vrid=51 health_url=http://127.0.0.1/nginx-health out='' peers=()
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || fail "$1 needs a value"
  case "$1" in
    --vip) vip=$2 ;;
    --interface) interface=$2 ;;
    --priority) priority=$2 ;;
    --src) src=$2 ;;
    --peer) peers+=("$2") ;;
    --vrid) vrid=$2 ;;
    --health-url) health_url=$2 ;;
    --out) out=$2 ;;
    *) fail "unknown argument $1 (see the usage at the top of $0)" ;;
  esac
  shift 2
done

[ -n "$vip" ] || fail '--vip is required (the public address with its prefix, e.g. 203.0.113.10/24)'
if ! { [[ $vip == */* ]] && is_ipv4 "${vip%/*}" && is_int_in "${vip#*/}" 1 32; }; then
  fail "--vip $vip is not an IPv4 address with a prefix length (e.g. 203.0.113.10/24)"
fi
[[ $interface =~ ^[A-Za-z0-9_.-]{1,15}$ ]] || fail "--interface '$interface' is not a network interface name"
is_int_in "$priority" 1 254 || fail "--priority '$priority' must be 1-254 (the higher wins the first election)"
is_int_in "$vrid" 1 255 || fail "--vrid '$vrid' must be 1-255 (the same on every node, unique on the network)"
is_ipv4 "$src" || fail "--src '$src' must be this node's own IPv4 address on $interface"
[ ${#peers[@]} -gt 0 ] || fail '--peer is required: the other nginx nodes'"'"' addresses, one --peer each'
for peer in "${peers[@]}"; do
  is_ipv4 "$peer" || fail "--peer '$peer' is not an IPv4 address"
  [ "$peer" != "$src" ] || fail "--peer $peer is this node's own address (--src)"
  [ "$peer" != "${vip%/*}" ] || fail "--peer $peer is the virtual address itself"
done
# The URL ends up inside a double-quoted keepalived string: no quotes, spaces or comments.
[[ $health_url =~ ^https?://[A-Za-z0-9.:/_-]+$ ]] || fail "--health-url '$health_url' is not a plain http(s) URL"

if [ -n "${KEEPALIVED_PASSWORD_FILE:-}" ]; then
  [ -r "$KEEPALIVED_PASSWORD_FILE" ] || fail "KEEPALIVED_PASSWORD_FILE $KEEPALIVED_PASSWORD_FILE cannot be read"
  password=$(head -n 1 "$KEEPALIVED_PASSWORD_FILE")
else
  password=${KEEPALIVED_PASSWORD:-}
fi
[ -n "$password" ] || fail 'no VRRP password: set KEEPALIVED_PASSWORD or KEEPALIVED_PASSWORD_FILE (the same on every node)'
[[ $password =~ ^[A-Za-z0-9._+=@%-]{1,8}$ ]] ||
  fail 'the VRRP password must be 1-8 characters of A-Z a-z 0-9 . _ + = @ % - (VRRP keeps 8)'

peer_lines=$(printf '    %s\n' "${peers[@]}")
conf=$(<"$template")
# Literal replacements: bash 5.2 would otherwise read & in a replacement as the match.
shopt -u patsub_replacement 2>/dev/null || true
conf=${conf//@ROUTER_ID@/porttrack_$src}
conf=${conf//@HEALTH_URL@/$health_url}
conf=${conf//@INTERFACE@/$interface}
conf=${conf//@VRID@/$((10#$vrid))}
conf=${conf//@PRIORITY@/$((10#$priority))}
conf=${conf//@SRC_IP@/$src}
conf=${conf//@PEERS@/$peer_lines}
conf=${conf//@PASSWORD@/$password}
conf=${conf//@VIP@/$vip}

if [ -z "$out" ]; then
  printf '%s\n' "$conf"
else
  # It holds the password: readable by root only.
  (umask 077 && printf '%s\n' "$conf" >"$out.tmp") && mv "$out.tmp" "$out"
fi
