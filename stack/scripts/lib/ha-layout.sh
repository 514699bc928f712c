#!/usr/bin/env bash
# Which layout deploy.sh deploys (runbooks/SCALING.md, "The highly available layout"), sourced by
# deploy.sh:
#   ha_layout MODE READY_NODES NODES_LABELLED_B    prints "ha" or "single"; fails saying what is missing
#   ha_replicas LAYOUT                             exports the replicas docker-stack.yml reads
# MODE is PORTTRACK_HA: `auto` (the default) deploys the HA layout on a Swarm of three or more
# ready nodes with one labelled porttrack.prometheus=b, and otherwise the single layout, saying
# why when the Swarm has the nodes; `on` deploys it or fails; `off` never does.
# The HA layout: prometheus-a and prometheus-b on different nodes, three Alertmanagers (one per
# node, hence the three nodes). The single layout: prometheus-a and one Alertmanager.

ha_layout() { # mode, ready nodes, nodes labelled porttrack.prometheus=b
  local mode=$1 nodes=$2 labelled=$3 why=
  case "$mode" in
    off) echo single ;;
    auto | on)
      [ "$nodes" -ge 3 ] || why="the Swarm has $nodes ready node(s); the HA layout needs 3 (one Alertmanager per node)"
      [ "$labelled" -ge 1 ] ||
        why="${why:+$why; }no node is labelled for prometheus-b (docker node update --label-add porttrack.prometheus=b NODE)"
      if [ -z "$why" ]; then
        echo ha
      elif [ "$mode" = on ]; then
        echo "PORTTRACK_HA=on: $why" >&2
        return 1
      else
        [ "$nodes" -lt 3 ] || echo "PORTTRACK_HA=auto: single layout, $why" >&2
        echo single
      fi
      ;;
    *)
      echo "PORTTRACK_HA: auto, on or off, not '$mode'" >&2
      return 1
      ;;
  esac
}

ha_replicas() { # layout
  if [ "$1" = ha ]; then
    export PORTTRACK_PROMETHEUS_B_REPLICAS=1 PORTTRACK_ALERTMANAGER_REPLICAS=3
  else
    export PORTTRACK_PROMETHEUS_B_REPLICAS=0 PORTTRACK_ALERTMANAGER_REPLICAS=1
  fi
}
