#!/usr/bin/env bash
# Starts, stops or lists TraceGen's services on this machine for distributed mode:
# PostgreSQL and NATS JetStream (installed and started by setup.sh --services), a database for
# TraceGen, and one `tracegen serve` process per service (ingest, synthesis, validation x N,
# retrieval), each logging to its own file.
#
#   infra/local/distributed.sh start [--workers N] [--sandbox docker|bwrap|auto] [--no-setup]
#   infra/local/distributed.sh status
#   infra/local/distributed.sh stop
#
# `start` prints the variables the CLI needs (database, NATS, service addresses), so:
#   eval "$(bash infra/local/distributed.sh start)"
#   pnpm tracegen run --distributed --seeds ... --repo ...
# Settings come from the environment:
# TRACEGEN_DIST_DIR (pid and log files, default .tracegen/distributed), TRACEGEN_DB
# (default postgres://postgres@127.0.0.1:5432/tracegen), TRACEGEN_NATS_URL (default
# nats://127.0.0.1:4222), TRACEGEN_HOME (mirrors, validation work dir; default .tracegen),
# TRACEGEN_DIST_PORT_BASE (default 50051: ingest, retrieval +1, synthesis +2, validation +3,
# further validation workers +13, +23, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."

action=${1:-}
[ $# -gt 0 ] && shift
workers=1
sandbox=${TRACEGEN_SANDBOX:-auto}
setup=true
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers=${2:?--workers needs a number}; shift 2 ;;
    --sandbox) sandbox=${2:?--sandbox needs docker, bwrap or auto}; shift 2 ;;
    --no-setup) setup=false; shift ;;
    *) echo "distributed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$workers" in ''|*[!0-9]*|0) echo "distributed.sh: --workers must be a positive integer" >&2; exit 2 ;; esac

dir=${TRACEGEN_DIST_DIR:-.tracegen/distributed}
db=${TRACEGEN_DB:-postgres://postgres@127.0.0.1:5432/tracegen}
nats=${TRACEGEN_NATS_URL:-nats://127.0.0.1:4222}
home=${TRACEGEN_HOME:-.tracegen}
base=${TRACEGEN_DIST_PORT_BASE:-50051}
log() { printf '[distributed] %s\n' "$*" >&2; }

# name port [extra env...]: starts `tracegen serve` unless its pid file names a live process.
start_one() {
  local name=$1 service=$2 port=$3; shift 3
  local pidfile="$dir/$name.pid" logfile="$dir/$name.log"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "$name already running (pid $(cat "$pidfile"))"; return 0
  fi
  env "$@" TRACEGEN_HOME="$home" TRACEGEN_SANDBOX="$sandbox" \
    nohup node apps/cli/dist/main.js --db "$db" --nats "$nats" --home "$home" \
    serve "$service" --listen "127.0.0.1:$port" >"$logfile.out" 2>"$logfile" </dev/null &
  echo $! >"$pidfile"
  # The service prints one JSON line with its port once it listens.
  for _ in $(seq 1 120); do
    if grep -q '"port"' "$logfile.out" 2>/dev/null; then log "$name listening on 127.0.0.1:$port (pid $!)"; return 0; fi
    kill -0 "$!" 2>/dev/null || { log "$name exited: see $logfile"; tail -5 "$logfile" >&2; return 1; }
    sleep 0.5
  done
  log "$name did not start in 60 s: see $logfile"; return 1
}

case "$action" in
  start)
    # Its output goes to stderr: stdout carries only the variables for `eval`.
    if [ "$setup" = true ]; then bash infra/local/setup.sh --services >&2; fi
    mkdir -p "$dir"
    name=${db##*/}; name=${name%%\?*}
    server=${db%/*}/postgres
    if ! psql "$server" -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
      log "creating database $name"
      psql "$server" -qc "create database \"$name\""
    fi
    start_one ingest ingest "$base"
    start_one retrieval retrieval $((base + 1))
    # Ranks transplants by the retrieval service's seed candidates.
    start_one synthesis synthesis $((base + 2)) TRACEGEN_RETRIEVAL_ADDR="127.0.0.1:$((base + 1))"
    for i in $(seq 1 "$workers"); do
      # The first serves the validation API on the well-known port; every one takes candidates.
      start_one "validation-$i" validation $((base + 3 + (i - 1) * 10))
    done
    echo "export TRACEGEN_DB=$db TRACEGEN_NATS_URL=$nats TRACEGEN_INGEST_ADDR=127.0.0.1:$base TRACEGEN_RETRIEVAL_ADDR=127.0.0.1:$((base + 1)) TRACEGEN_SYNTHESIS_ADDR=127.0.0.1:$((base + 2)) TRACEGEN_VALIDATION_ADDR=127.0.0.1:$((base + 3))"
    ;;
  status)
    for pidfile in "$dir"/*.pid; do
      [ -e "$pidfile" ] || { echo "nothing started from $dir"; exit 0; }
      name=$(basename "$pidfile" .pid)
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name running (pid $(cat "$pidfile"))"
      else echo "$name stopped"; fi
    done
    ;;
  stop)
    for pidfile in "$dir"/*.pid; do
      [ -e "$pidfile" ] || exit 0
      pid=$(cat "$pidfile")
      # SIGTERM: a validation worker finishes the candidates it holds before it exits.
      if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; log "stopping $(basename "$pidfile" .pid)"; fi
    done
    for pidfile in "$dir"/*.pid; do
      pid=$(cat "$pidfile")
      for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      rm -f "$pidfile"
    done
    ;;
  *)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
