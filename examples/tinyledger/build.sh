#!/usr/bin/env bash
# Rebuilds repo.bundle, seeds.jsonl and seeds.json from history/ (deterministic: same SHAs and
# bytes on every run). `./build.sh --check` verifies the committed files instead of writing them.
# Needs git and Debian's python3 with pytest (apt-get install -y python3-pytest).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec /usr/bin/python3 "$here/../tools/fixture_repo.py" \
  --history "$here/history" --out "$here" --repo tinyledger/tinyledger "$@"
