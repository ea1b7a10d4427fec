#!/usr/bin/env bash
# `npm start`: the main job on a fresh machine, with nothing else to install by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.build.json
# The service's Node flags (docs/deployment.md, "Node flags for the service"): a young generation
# that keeps its size through idle spells, so the first seconds of load after one are not spent
# in garbage collection (p99 after idle: 7–8 ms instead of 13–19 ms, measured).
exec node --min-semi-space-size=16 --no-memory-reducer dist/cli/main.js serve --demo "$@"
