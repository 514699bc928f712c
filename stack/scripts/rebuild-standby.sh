#!/usr/bin/env bash
# Rebuilds the streaming standby from the primary as it is now: after a restore of the primary
# (a restore opens a new timeline and brings back no replication slot, so the old standby can
# never follow it), or after a promotion, to give the new primary a standby. The standby's volume
# is discarded and the service started again: standby-setup.sh copies the primary into the empty
# volume through the slot `standby` (created when absent) and streams from there.
#   stack/scripts/rebuild-standby.sh --yes-discard-the-standby
# Run it on the node that holds the standby's volume (the one labelled porttrack.db-standby=true),
# with the primary running. Settings: PORTTRACK_STACK (porttrack), PORTTRACK_STANDBY_SERVICE
# (postgres-standby), PORTTRACK_PRIMARY_SERVICE (postgres: the service whose server the standby
# copies; its pg_stat_replication shows the standby streaming), REBUILD_WAIT_SECONDS (600: the
# copy of a large database takes a while).
# Last line: "rebuild-standby: streaming again in N s".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stack=${PORTTRACK_STACK:-porttrack}
standby=${PORTTRACK_STANDBY_SERVICE:-postgres-standby}
primary=${PORTTRACK_PRIMARY_SERVICE:-postgres}
wait_seconds=${REBUILD_WAIT_SECONDS:-600}
[ "${1:-}" = --yes-discard-the-standby ] || {
  echo "rebuild-standby: discards the volume ${stack}_$standby-data and copies the primary again; pass --yes-discard-the-standby" >&2
  exit 2
}
export PORTTRACK_STACK="$stack"
drill_name=rebuild-standby
# shellcheck source-path=SCRIPTDIR
. "$here/lib/backup-common.sh"
# shellcheck source-path=SCRIPTDIR
. "$here/lib/drill-common.sh"
docker service inspect "${stack}_$standby" >/dev/null 2>&1 || die "no service ${stack}_$standby: nothing to rebuild"
PG_CONTAINER=$(docker ps -q -f "label=com.docker.swarm.service.name=${stack}_$primary" | head -1)
[ -n "$PG_CONTAINER" ] || die "no running container of ${stack}_$primary on this node: the standby is copied from a running primary"
export PG_CONTAINER
pg_ready || die "the primary ${stack}_$primary does not answer: the standby is copied from a running primary"

docker service scale -d "${stack}_$standby=0" >/dev/null
wait_for "${stack}_$standby stopping" service_gone "$standby"
wait_for "volume ${stack}_$standby-data removal" docker volume rm "${stack}_$standby-data"
step "the standby stopped and its volume removed"
docker service scale -d "${stack}_$standby=1" >/dev/null
streaming() { [ "$(pg psql -qAt -d postgres -c "SELECT state FROM pg_stat_replication WHERE application_name = 'standby'" </dev/null)" = streaming ]; }
wait_for_seconds=$wait_seconds wait_for "the new standby streaming" streaming || die "see docker service logs ${stack}_$standby"
echo "rebuild-standby: streaming again in $((SECONDS - drill_started)) s"
