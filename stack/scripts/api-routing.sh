# shellcheck shell=bash disable=SC2154 # $stack and $live_dir come from deploy.sh
# Which API service nginx sends traffic to, sourced by deploy.sh. nginx includes
# $live_dir/api-service.conf (bind-mounted from the manager, nginx pinned there): the live
# service answers on 443 and 8080, the previewed one on 8443. A switch rewrites the file and
# reloads the running nginx (`nginx -s reload`): the task is not replaced, and connections in
# flight finish on the old workers.
#
# Needs: $stack, $live_dir. Services: api (rolling updates), api-blue, api-green (blue-green).
routing_file() { echo "$live_dir/api-service.conf"; }

# The service answering live traffic (api when the file is not there yet).
live_service() { routed default api; }

# The service the preview port serves (the live one when the file names none).
preview_service() { routed 8443 "$(live_service)"; }

# routed KEY FALLBACK: the service the routing file maps KEY to.
routed() {
  local f service=""
  f=$(routing_file)
  if [ -r "$f" ]; then service=$(sed -n "s/.* $1 \\([a-z-]*\\);.*/\\1/p" "$f" | head -1); fi
  echo "${service:-$2}"
}

# write_routing LIVE [PREVIEW]: atomically (a rename in the mounted folder), so a reload never
# reads half a file.
write_routing() {
  local live=$1 preview=${2:-$1} f
  f=$(routing_file)
  mkdir -p "$live_dir"
  {
    echo "# Written by stack/scripts/deploy.sh: the API service answering live traffic, and the one"
    echo "# nginx's preview port (8443) serves. Do not edit: run deploy.sh (or deploy.sh --switch-back)."
    echo "map \$server_port \$api_service { default $live; 8443 $preview; }"
  } >"$f.tmp"
  chmod 644 "$f.tmp"
  mv "$f.tmp" "$f"
}

nginx_container() { docker ps -q --filter "label=com.docker.swarm.service.name=${stack}_nginx" | head -1; }

# Checks the configuration with the new file, then reloads: a bad file leaves the old one serving.
reload_nginx() {
  local c
  c=$(nginx_container)
  [ -n "$c" ] || return 0 # not running yet: it reads the file when it starts
  docker exec "$c" nginx -t -q && docker exec "$c" nginx -s reload
}

# switch_to LIVE PREVIEW: writes and reloads; restores the old file when the reload is refused.
switch_to() {
  local f backup
  f=$(routing_file)
  backup=$(cat "$f" 2>/dev/null || true)
  write_routing "$1" "$2"
  if ! reload_nginx; then
    [ -n "$backup" ] && printf '%s\n' "$backup" >"$f"
    return 1
  fi
}
