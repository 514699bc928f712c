#!/bin/sh
# Alertmanager's entry point in the stack: gossips with its peers over the overlay network whose
# subnet is the first argument (docker-stack.yml's alertmanager-gossip, a /24), then runs
# Alertmanager with the remaining arguments.
#
# Alertmanager advertises by itself the private address of the interface with the default route;
# in a Swarm task that is docker_gwbridge (172.x), which no other node reaches, and the cluster
# never forms (prometheus/alertmanager#1909). The task's address on the gossip network is known
# only once it runs, so this script finds it in the kernel's local routes and passes
# --cluster.advertise-address. Peers are every task of the service (tasks.alertmanager:9094):
# Alertmanager leaves itself out and re-resolves the name every 15 s, so tasks that start later
# join. One task alone is a cluster of one.
#   cluster-entrypoint.sh SUBNET/24 ALERTMANAGER_FLAGS...
set -eu
subnet=${1:?usage: cluster-entrypoint.sh SUBNET/24 FLAGS...}
shift
prefix=${subnet%/24}
prefix=${prefix%.*}.
# /proc/net/fib_trie lists each local address as an entry followed by "/32 host LOCAL".
address=$(awk '/\|--/ { ip = $2 } /\/32 host LOCAL/ { print ip }' /proc/net/fib_trie | grep "^$(printf '%s' "$prefix" | sed 's/\./\\./g')" | head -n 1 || true)
[ -n "$address" ] || { echo "cluster-entrypoint: no address in $subnet on this task: is it on the gossip network?" >&2; exit 1; }
# The official image's binary is alertmanager; Debian's package calls it prometheus-alertmanager.
binary=$(command -v alertmanager || command -v prometheus-alertmanager) || { echo "cluster-entrypoint: no alertmanager binary" >&2; exit 1; }
exec "$binary" \
  --cluster.listen-address=0.0.0.0:9094 \
  --cluster.advertise-address="$address:9094" \
  --cluster.peer=tasks.alertmanager:9094 \
  "$@"
