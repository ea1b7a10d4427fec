#!/usr/bin/env bash
# `npm start`: the main job on a fresh machine, with nothing else to install by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.build.json
# serve adds the service's Node flags itself (docs/deployment.md, "Node flags for the service").
exec node dist/cli/main.js serve --demo "$@"
