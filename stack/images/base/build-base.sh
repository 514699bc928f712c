#!/usr/bin/env bash
# Makes the minimal Debian base image the stand-in and Node images build FROM, where no image
# registry is reachable: debootstrap from the mirror this machine's apt sources name, then
# `docker import`. Cached by tag: an existing image is kept unless --rebuild is given.
#   stack/images/base/build-base.sh [--rebuild]    -> porttrack/debian-base:bookworm
set -euo pipefail
tag=${PORTTRACK_BASE_IMAGE:-porttrack/debian-base:bookworm}
suite=${DEBIAN_SUITE:-bookworm}

if [ "${1:-}" != --rebuild ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image: $tag cached"
  exit 0
fi

# The first http(s) URI of the machine's apt sources (deb822 or one-line format).
mirror=${DEBIAN_MIRROR:-$({ cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
  | grep -oE '^(URIs:|deb) +https?://[^ ]+' | grep -v security | head -1 | awk '{print $2}')}
mirror=${mirror:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || { echo "base image: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }

rootfs=$(mktemp -d /var/tmp/porttrack-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
echo "base image: debootstrap $suite from $mirror (about 2-4 minutes)"
started=$SECONDS
debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
  tail -20 "$rootfs.log" >&2
  exit 1
}
rm -f "$rootfs.log"
# Keep images small and apt usable inside builds, as the official slim images do.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# Trust what this machine trusts (e.g. a TLS-inspecting egress proxy's CA), so that npm and apt
# inside image builds reach their registries as the host does.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null
fi
echo "deb $mirror $suite main" >"$rootfs/etc/apt/sources.list"
echo "deb $mirror $suite-updates main" >>"$rootfs/etc/apt/sources.list"
tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
echo "base image: $tag built in $((SECONDS - started)) s"
