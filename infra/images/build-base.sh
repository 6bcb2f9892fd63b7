#!/usr/bin/env bash
# Builds the sandbox base image without any image registry: debootstrap a minimal Debian,
# add the non-root user `runner` (uid/gid 1000), and `docker import` the tree.
#
#   infra/images/build-base.sh                      tracegen/base:bookworm (skipped when present)
#   infra/images/build-base.sh --force              rebuild even when the image exists
#   infra/images/build-base.sh --packages a,b       also install Debian packages a and b, tagged
#                                                   tracegen/base:bookworm-<hash of the sorted list>
#   infra/images/build-base.sh --packages a,b --print-tag   print that tag and exit
#   infra/images/build-base.sh --mirror URL         Debian mirror (default: from apt sources)
#
# Containers run without network, so every package a test needs must be in the image.
# The tag hash is the first 12 hex digits of sha256 over the sorted, de-duplicated package
# names, one per line with a trailing newline (libs/sandbox `baseImageTag` computes the same).
# Needs root, debootstrap and a running Docker daemon. Prints the tag on stdout.
set -euo pipefail

suite=bookworm
repository=tracegen/base
base_packages=python3,python3-pytest,python3-pytest-cov,python3-coverage,git,patch,ca-certificates
force=false
print_tag=false
extra=""
mirror=""

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true ;;
    --print-tag) print_tag=true ;;
    --packages) [ $# -ge 2 ] || usage; extra="$2"; shift ;;
    --packages=*) extra="${1#*=}" ;;
    --mirror) [ $# -ge 2 ] || usage; mirror="$2"; shift ;;
    --mirror=*) mirror="${1#*=}" ;;
    -h | --help) usage ;;
    *) echo "build-base.sh: unknown argument $1" >&2; usage ;;
  esac
  shift
done

log() { printf '[build-base] %s\n' "$*" >&2; }
die() { printf '[build-base] error: %s\n' "$*" >&2; exit 1; }

# Extra packages: validated Debian names, sorted and de-duplicated so the tag is stable.
extra_sorted=""
if [ -n "$extra" ]; then
  extra_sorted=$(printf '%s\n' "$extra" | tr ', ' '\n\n' | sed '/^$/d' | LC_ALL=C sort -u)
  while IFS= read -r pkg; do
    [[ "$pkg" =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || die "not a Debian package name: $pkg"
  done <<<"$extra_sorted"
fi
if [ -n "$extra_sorted" ]; then
  hash=$(printf '%s\n' "$extra_sorted" | sha256sum | cut -c1-12)
  tag="$repository:$suite-$hash"
else
  tag="$repository:$suite"
fi
if [ "$print_tag" = true ]; then echo "$tag"; exit 0; fi

[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install -y debootstrap"
docker info >/dev/null 2>&1 || die "no Docker daemon answers (docker info failed)"

if [ "$force" = false ] && docker image inspect "$tag" >/dev/null 2>&1; then
  log "$tag exists (use --force to rebuild)"
  echo "$tag"
  exit 0
fi

# The first Debian (not security) mirror in apt's sources, one-line or deb822 format.
detect_mirror() {
  local uri
  uri=$(grep -hsE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -v security | sed -E 's/^\s*deb\s+(\[[^]]*\]\s+)?//' | awk '{print $1}' | head -1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hsE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
      grep -v security | awk '{print $2}' | head -1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}
[ -n "$mirror" ] || mirror=$(detect_mirror)

packages="$base_packages"
[ -z "$extra_sorted" ] || packages="$packages,$(paste -sd, <<<"$extra_sorted")"

workdir=$(mktemp -d "${TMPDIR:-/var/tmp}/tracegen-base.XXXXXX")
rootfs="$workdir/rootfs"
cleanup() {
  # debootstrap mounts /proc and /sys inside the target; never delete through a mount.
  grep -F " $rootfs/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l || true
  rm -rf --one-file-system "$workdir"
}
trap cleanup EXIT

start=$(date +%s)
log "debootstrap $suite from $mirror with $packages"
debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$workdir/debootstrap.log" 2>&1 ||
  { tail -30 "$workdir/debootstrap.log" >&2; die "debootstrap failed"; }

log "adding user runner (1000:1000)"
chroot "$rootfs" /usr/sbin/groupadd --gid 1000 runner
chroot "$rootfs" /usr/sbin/useradd --uid 1000 --gid 1000 --create-home --shell /bin/bash runner
install -d -o 1000 -g 1000 -m 0755 "$rootfs/work"
# A smaller image: no apt caches, lists, docs or logs (containers cannot apt-get anyway).
rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*
printf '%s\n' "$packages" | tr , '\n' >"$rootfs/etc/tracegen-packages"

log "importing $tag"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV HOME=/tmp' \
  --change 'USER runner' \
  --change 'WORKDIR /work' \
  --change 'CMD ["/bin/bash"]' \
  --message "tracegen base: debootstrap $suite minbase + $packages" \
  - "$tag" >/dev/null
log "built $tag in $(($(date +%s) - start)) s ($(docker image inspect -f '{{.Size}}' "$tag" | numfmt --to=iec))"
echo "$tag"
