#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark in bench/ on Node 24. Benchmarks start and stop
# whatever servers they need on loopback. `npm run bench -- <name>` runs the ones whose file name
# contains <name>.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh redis-server redis-tools wrk
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.build.json
filter="${1:-}"
for file in bench/*.bench.ts; do
  case "$file" in *"$filter"*) ;; *) continue ;; esac
  echo "== $file"
  node "$file"
done
