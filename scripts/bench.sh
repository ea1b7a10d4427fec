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
# The HTTP benchmark runs last: its HTML report also shows the store figures of this run.
export BENCH_STARTED="$(date +%s)"
for file in $(ls bench/*.bench.ts | grep -v '/http.bench.ts$') bench/http.bench.ts; do
  case "$file" in *"$filter"*) ;; *) continue ;; esac
  echo "== $file"
  node "$file"
done
