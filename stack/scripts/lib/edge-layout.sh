#!/usr/bin/env bash
# How many nodes run nginx (runbooks/SCALING.md, "The public address"), sourced by deploy.sh:
#   edge_replicas EDGE_NODES READY_MANAGERS STRATEGY   exports PORTTRACK_NGINX_REPLICAS; fails
#                                                      saying what is wrong
# EDGE_NODES is PORTTRACK_EDGE_NODES (default 1, the one-VM deployment): one nginx per manager
# (max_replicas_per_node: 1, host-mode ports), each with the certificate, ACME and routing folders
# on its own disk (stack/scripts/edge-files.sh copies them), a keepalived address in front.
# Blue-green needs one nginx: its switch rewrites the routing file on this manager and reloads
# this node's nginx, so another node's nginx would go on serving the old colour.

edge_replicas() { # edge nodes, ready managers, deploy strategy
  local edge=$1 managers=$2 strategy=$3
  if ! [[ $edge =~ ^[1-9][0-9]?$ ]]; then
    echo "PORTTRACK_EDGE_NODES: how many nodes run nginx, 1 or more, not '$edge'" >&2
    return 1
  fi
  if [ "$edge" -gt "$managers" ]; then
    echo "PORTTRACK_EDGE_NODES=$edge: the Swarm has $managers ready manager(s), and nginx runs one per manager" >&2
    return 1
  fi
  if [ "$edge" -gt 1 ] && [ "$strategy" = blue-green ]; then
    echo "PORTTRACK_EDGE_NODES=$edge: blue-green switches only this node's nginx (its routing file is local); deploy with --strategy rolling, or with PORTTRACK_EDGE_NODES=1" >&2
    return 1
  fi
  export PORTTRACK_NGINX_REPLICAS=$edge
}
