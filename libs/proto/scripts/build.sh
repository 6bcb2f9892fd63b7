#!/usr/bin/env bash
# Regenerates the protobuf-es code from proto/ and compiles it. Under CI=true it fails when
# the regenerated code differs from what is committed (someone edited proto/ without `pnpm gen`,
# or edited generated code by hand).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
pnpm exec buf generate
if [ "${CI:-}" = "true" ] && git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git diff --quiet -- libs/proto/src/gen || [ -n "$(git ls-files --others --exclude-standard -- libs/proto/src/gen)" ]; then
    echo "libs/proto/src/gen drifted from proto/: run 'pnpm gen' and commit the result" >&2
    git status --short -- libs/proto/src/gen >&2
    exit 1
  fi
fi
cd libs/proto
exec pnpm exec tsc -p tsconfig.build.json
