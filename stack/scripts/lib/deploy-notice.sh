#!/usr/bin/env bash
# The body of a deploy notice for the notifier's POST /deployments, sourced by deploy.sh:
#   deploy_notice STATUS VERSION ID [URL]
# jq writes it, so a version, id or URL holding quotes or backslashes stays one string and
# never becomes another field (notifier/deployments/deployment.ts refuses unknown fields).

deploy_notice() { # status, version, id, url (may be empty)
  jq -cn --arg status "$1" --arg version "$2" --arg id "$3" --arg url "${4:-}" \
    '{service: "porttrack", version: $version, status: $status, id: $id} + (if $url == "" then {} else {url: $url} end)'
}
