#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark in bench/ on Node 24. Benchmarks start and stop
# whatever servers they need on loopback. `npm run bench -- <name>` runs the ones whose file name
# contains <name>.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh redis-server redis-tools wrk
# The Python contenders: FastAPI under uvicorn on httptools and uvloop (its "standard" set-up; the
# pure-Python h11 parser and asyncio loop would be measured instead of the app), Django under gunicorn.
bash scripts/ensure-deps.sh python3-fastapi python3-uvicorn python3-httptools python3-uvloop \
  python3-django python3-gunicorn python3-httpx python3-jwt python3-cryptography
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
