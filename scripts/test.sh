#!/usr/bin/env bash
# `npm test`: every check and every test, on a fresh machine too. It installs what the tests need
# and fails if anything fails; no test is skipped for want of a dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
# prometheus brings promtool and the server the alerting-rule tests start (on their own port and config).
bash scripts/ensure-deps.sh redis-server redis-sentinel redis-tools chromium prometheus
# Node 22 LTS, Bun and Deno (npm packages, in scripts/runtimes/) for test/runtimes/.
bash scripts/ensure-deps.sh runtimes
# haproxy: the multi-instance tests run three services behind it, with deploy/haproxy/haproxy.cfg.
bash scripts/ensure-deps.sh haproxy
# The Python client and its FastAPI and Django examples (test/python/), on Debian's /usr/bin/python3.
bash scripts/ensure-deps.sh python3-fastapi python3-uvicorn python3-django python3-jwt python3-cryptography python3-httpx python3-pytest python3-mypy python3-httptools
# Building the client's wheel and installing it into a fresh virtual environment (test/python/wheel.test.ts).
bash scripts/ensure-deps.sh python3-build python3-setuptools python3-wheel python3-venv
export PATH="$PWD/node_modules/.bin:$PATH"
echo "coatcheck: node $(node --version)"

echo "== lint (biome)";       biome check .
echo "== build";              tsc -p tsconfig.build.json
echo "== typecheck (tsc)";    tsc -p tsconfig.json --noEmit
echo "== typecheck (mypy, Python client)"
(cd clients/python && /usr/bin/python3 -m mypy)
echo "== package (publint, attw)"
publint --strict
attw --pack . --profile esm-only --quiet
echo "== tests (vitest)"
report="$(mktemp)"
status=0
vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (skipped > 0) { console.error("coatcheck: skipped tests are not allowed"); process.exit(1); }
' "$report" || status=1
rm -f "$report"
exit "$status"
