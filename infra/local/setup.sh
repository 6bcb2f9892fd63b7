#!/usr/bin/env bash
# Sets up a fresh Debian machine for TraceGen, idempotently.
#   infra/local/setup.sh             git, patch, Debian's pytest and coverage, bubblewrap, Node
#                                    dependencies and a build (enough for `tracegen run` in embedded mode)
#   infra/local/setup.sh --services  also what the tests need: git, patch, Debian's pytest and
#                                    coverage, bubblewrap, Chromium, PostgreSQL, NATS JetStream and Docker
#                                    (with the sandbox base image), installed when missing and started
set -euo pipefail
cd "$(dirname "$0")/../.."

want_services=false
for arg in "$@"; do
  case "$arg" in
    --services) want_services=true ;;
    *) echo "setup.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" = false ]; then as_root apt-get update -qq; apt_updated=true; fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  log "nothing answers on 127.0.0.1:$1 ($2)"; return 1
}

command -v git >/dev/null || apt_install git ca-certificates
# What `tracegen run` needs on embedded defaults: git and patch for mirrors and patches,
# bubblewrap for the sandbox, Debian's pytest and coverage for the tests it runs.
apt_install git patch python3 python3-pytest python3-pytest-cov python3-coverage bubblewrap

if [ "$want_services" = true ]; then
  apt_install git patch python3 python3-pytest python3-pytest-cov python3-coverage bubblewrap
  # Headless Chromium renders report.html in the export tests.
  apt_install chromium fonts-dejavu-core
  if ! port_open 5432; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    version=$(ls /etc/postgresql | sort -V | tail -1)
    # Trust auth on loopback, as on the development machines.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! as_root grep -q "tracegen-trust" "$hba"; then
      as_root sed -i '1i host all all 127.0.0.1/32 trust # tracegen-trust\nhost all all ::1/128 trust # tracegen-trust\nlocal all all trust # tracegen-trust' "$hba"
    fi
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_port 5432 PostgreSQL
  fi
  if ! port_open 4222; then
    command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || apt_install nats-server
    mkdir -p /tmp/tracegen-nats
    log "starting NATS with JetStream"
    nohup "$(command -v nats-server || echo /usr/sbin/nats-server)" -a 127.0.0.1 -p 4222 -js -sd /tmp/tracegen-nats \
      >/tmp/tracegen-nats.log 2>&1 &
    wait_port 4222 NATS
  fi
  if ! docker info >/dev/null 2>&1; then
    command -v dockerd >/dev/null || apt_install docker.io
    log "starting dockerd (no bridge: sandbox containers run with network none)"
    nohup dockerd --bridge=none --iptables=false --ip-masq=false >/tmp/tracegen-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || { log "dockerd did not start: see /tmp/tracegen-dockerd.log"; exit 1; }
  fi
  command -v debootstrap >/dev/null || apt_install debootstrap
  log "sandbox base image"
  bash infra/images/build-base.sh >&2
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version | cut -d. -f1)" != 10 ]; then
  log "installing pnpm 10"
  npm install -g pnpm@10 >/dev/null 2>&1
fi
log "installing Node dependencies"
CI=true pnpm install --frozen-lockfile --reporter=silent
log "building"
pnpm build --output-logs=errors-only
log "ready"
