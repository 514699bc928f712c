#!/usr/bin/env bash
# Obtains and renews the stack's certificate from Let's Encrypt on the Swarm manager, with
# certbot's webroot (HTTP-01) challenge: nginx serves /.well-known/acme-challenge/ from
# ACME_DIR on port 80. Run once after the first deploy (which can start on a self-signed
# certificate); certbot's timer renews, and the deploy hook copies the files where nginx reads
# them and reloads nginx in place (no task replacement, no gap).
#   stack/scripts/tls-letsencrypt.sh DOMAIN EMAIL
set -euo pipefail
domain=${1:?usage: tls-letsencrypt.sh DOMAIN EMAIL}
email=${2:?usage: tls-letsencrypt.sh DOMAIN EMAIL}
tls_dir=${PORTTRACK_TLS_DIR:-/etc/porttrack/tls}
acme_dir=${PORTTRACK_ACME_DIR:-/var/lib/porttrack/acme}
stack=${PORTTRACK_STACK:-porttrack}

command -v certbot >/dev/null || { echo "tls: certbot is missing (apt-get install certbot)" >&2; exit 1; }
mkdir -p "$acme_dir" "$tls_dir"
# Not in certbot's renewal-hooks folder: certbot keeps --deploy-hook in the renewal config.
hook=/etc/porttrack/certbot-deploy-hook.sh
mkdir -p "$(dirname "$hook")"
cat >"$hook" <<HOOK
#!/bin/sh
# Installed by stack/scripts/tls-letsencrypt.sh: puts the renewed certificate where nginx reads it.
set -e
install -m 644 "\$RENEWED_LINEAGE/fullchain.pem" "$tls_dir/fullchain.pem"
install -m 644 "\$RENEWED_LINEAGE/chain.pem" "$tls_dir/chain.pem"
install -m 600 "\$RENEWED_LINEAGE/privkey.pem" "$tls_dir/privkey.pem"
for c in \$(docker ps -q --filter label=com.docker.swarm.service.name=${stack}_nginx); do docker exec "\$c" nginx -s reload; done
HOOK
chmod 755 "$hook"
certbot certonly --non-interactive --agree-tos --email "$email" --webroot -w "$acme_dir" -d "$domain" \
  --deploy-hook "$hook"
echo "tls: certificate for $domain installed in $tls_dir; renewals reload nginx"
