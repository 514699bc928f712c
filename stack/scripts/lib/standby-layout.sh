#!/usr/bin/env bash
# Whether deploy.sh runs the streaming standby (postgres-standby; runbooks/BACKUP_RECOVERY.md),
# sourced by deploy.sh:
#   standby_replicas MODE NODES_LABELLED    exports PORTTRACK_POSTGRES_STANDBY_REPLICAS (0 or 1);
#                                           fails saying what is missing
# MODE is PORTTRACK_STANDBY: `auto` (the default) runs it when a node is labelled
# porttrack.db-standby=true, and otherwise says how to label one; `on` runs it or fails; `off`
# never does. The label pins it: its volume is local, so the standby must not wander between
# nodes (another node than the primary's where there is one; the same node with its own volume
# on a single VM).

standby_replicas() { # mode, nodes labelled porttrack.db-standby=true
  local mode=$1 labelled=$2
  local how='docker node update --label-add porttrack.db-standby=true NODE (another node than the one labelled porttrack.db where there is one)'
  case "$mode" in
    off) export PORTTRACK_POSTGRES_STANDBY_REPLICAS=0 ;;
    auto | on)
      if [ "$labelled" -ge 1 ]; then
        export PORTTRACK_POSTGRES_STANDBY_REPLICAS=1
      elif [ "$mode" = on ]; then
        echo "PORTTRACK_STANDBY=on: no node is labelled for postgres-standby: $how" >&2
        return 1
      else
        echo "PORTTRACK_STANDBY=auto: no streaming standby, no node is labelled for it: $how" >&2
        export PORTTRACK_POSTGRES_STANDBY_REPLICAS=0
      fi
      ;;
    *)
      echo "PORTTRACK_STANDBY: auto, on or off, not '$mode'" >&2
      return 1
      ;;
  esac
}
