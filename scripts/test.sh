#!/usr/bin/env bash
# `npm test`: make sure the real dependencies are here, then run the whole suite
# (unit, integration, validation of rules and dashboards, end-to-end drills).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
export NO_COLOR=1
exec npx vitest run "$@"
