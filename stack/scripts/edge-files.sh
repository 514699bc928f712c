#!/usr/bin/env bash
# nginx's host folders on this manager (the certificate, the ACME folder and the API routing file
# deploy.sh writes) as a tar stream on standard output, for another edge node to unpack in place
# (runbooks/SCALING.md, "nginx on two or more nodes, behind the address"):
#   stack/scripts/edge-files.sh | ssh root@NODE tar -xpf - -C /
# The folders are deploy.sh's: PORTTRACK_TLS_DIR, PORTTRACK_ACME_DIR, PORTTRACK_NGINX_LIVE_DIR,
# from the environment or deploy.env, with the stack file's defaults. Owners and modes are kept
# (the private key stays root-only).
set -euo pipefail
die() { echo "edge-files: $*" >&2; exit 1; }
deploy_env=${PORTTRACK_DEPLOY_ENV:-/etc/porttrack/deploy.env}
if [ -r "$deploy_env" ]; then
  set -a
  # shellcheck source=/dev/null
  . "$deploy_env"
  set +a
fi
stack=${PORTTRACK_STACK:-porttrack}
folders=(
  "${PORTTRACK_TLS_DIR:-/etc/porttrack/tls}"
  "${PORTTRACK_ACME_DIR:-/var/lib/porttrack/acme}"
  "${PORTTRACK_NGINX_LIVE_DIR:-/var/lib/porttrack/$stack/nginx-live}"
)
[ ! -t 1 ] || die "writes a tar stream: pipe it to the other node (ssh root@NODE tar -xpf - -C /)"
for f in "${folders[@]}"; do
  [[ $f == /* ]] || die "$f is not an absolute path"
  [ -d "$f" ] || die "$f is missing: deploy once on this manager first (deploy.sh writes the routing file; tls-self-signed.sh or tls-letsencrypt.sh the certificate)"
done
for pem in fullchain.pem privkey.pem; do
  [ -r "${folders[0]}/$pem" ] || die "${folders[0]}/$pem is missing: nginx on the other node would not start"
done
tar -cpf - -C / "${folders[@]#/}"
echo "edge-files: ${folders[*]}" >&2
