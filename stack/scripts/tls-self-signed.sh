#!/usr/bin/env bash
# Makes a self-signed certificate for local and test deploys, in the layout nginx reads
# (fullchain.pem, privkey.pem, chain.pem). Clients trust it by its own file (curl --cacert,
# NODE_EXTRA_CA_CERTS). Production uses tls-letsencrypt.sh instead.
#   stack/scripts/tls-self-signed.sh DIR [DOMAIN]     (default DOMAIN: localhost)
set -euo pipefail
dir=${1:?usage: tls-self-signed.sh DIR [DOMAIN]}
domain=${2:-localhost}
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
  -subj "/CN=$domain" -addext "subjectAltName=DNS:$domain,DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
cp "$dir/fullchain.pem" "$dir/chain.pem"
chmod 644 "$dir/fullchain.pem" "$dir/chain.pem"
echo "tls: self-signed certificate for $domain (and localhost, 127.0.0.1) in $dir, valid 365 days"
