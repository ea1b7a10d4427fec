#!/usr/bin/env bash
# `npm run bench`: builds, then runs every bench/*.bench.ts on Node 24 (type stripping, no loader).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.build.json
for file in bench/*.bench.ts; do
  echo "== $file"
  node "$file" "$@"
done
