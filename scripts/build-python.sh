#!/usr/bin/env bash
# `npm run build:python`: the Python client as a wheel, dist/python/coatcheck_client-<version>-py3-none-any.whl,
# the artifact a release ships beside the npm package (`pip install <that file>`; no clone needed).
# Built from a copy of clients/python with Debian's build tools, offline: no build isolation, so
# nothing is fetched from a package index.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh python3-build python3-setuptools python3-wheel
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r clients/python/pyproject.toml clients/python/README.md clients/python/coatcheck_client LICENSE "$work/"
find "$work" -name __pycache__ -prune -exec rm -rf {} +
rm -rf dist/python
mkdir -p dist/python
/usr/bin/python3 -m build --wheel --no-isolation --outdir dist/python "$work" >/dev/null
ls dist/python/*.whl
