#!/usr/bin/env bash
# Swarm config templates (template_driver: golang in docker-stack.yml) as Swarm renders them when
# a task starts, sourced by deploy.sh so that promtool and amtool check what the services will
# read. The generated templates use two actions only (lib/swarm-template.ts, which renders them
# alike for the tests): {{ env "NAME" }}, and {{ if env "NAME" }}A{{ else }}B{{ end }} on one line.
#   render_config_template TEMPLATE STACK_FILE     (sourced)
#   bash config-template.sh TEMPLATE STACK_FILE     (run: prints the rendered config)

# The value Swarm gives a service's NAME: the deployment's (deploy.env or the environment), else
# the stack file's default (`NAME: ${NAME:-default}` in the service's environment), else the
# first value the stack file sets it to (`PROMETHEUS_REPLICA: a`, prometheus-a's).
stack_env_value() { # name, stack file
  if [ -n "${!1:-}" ]; then
    printf '%s' "${!1}"
  else
    sed -n -e "s/^ *$1: \${$1:-\(.*\)}\$/\1/p" -e "s/^ *$1: \([^\$].*\)\$/\1/p" "$2" | head -n 1
  fi
}

render_config_template() { # template, stack file
  local line match value chosen
  local conditional='\{\{ if env "([A-Za-z0-9_]+)" \}\}(.*)\{\{ else \}\}(.*)\{\{ end \}\}'
  local lookup='\{\{ env "([A-Za-z0-9_]+)" \}\}'
  while IFS= read -r line || [ -n "$line" ]; do
    while [[ $line =~ $conditional ]]; do
      match=${BASH_REMATCH[0]}
      if [ -n "$(stack_env_value "${BASH_REMATCH[1]}" "$2")" ]; then chosen=${BASH_REMATCH[2]}; else chosen=${BASH_REMATCH[3]}; fi
      line=${line%%"$match"*}$chosen${line#*"$match"}
    done
    while [[ $line =~ $lookup ]]; do
      match=${BASH_REMATCH[0]}
      value=$(stack_env_value "${BASH_REMATCH[1]}" "$2")
      line=${line%%"$match"*}$value${line#*"$match"}
    done
    printf '%s\n' "$line"
  done <"$1"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  render_config_template "$@"
fi
