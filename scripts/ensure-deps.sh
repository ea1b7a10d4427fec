#!/usr/bin/env bash
# Installs what coatcheck's scripts need on a fresh machine: npm packages (which bring Node 24) and,
# when asked, Debian packages. Idempotent: does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "coatcheck: installing npm dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi

# `runtimes`: Node 22 LTS, Bun and Deno from npm for the runtime conformance suite (test/runtimes/).
# They live in scripts/runtimes/ with a lockfile of their own: as a devDependency, Node 22's `node`
# bin would take node_modules/.bin/node from Node 24, and `npm start` needs none of them.
runtimes=scripts/runtimes
need=()
for pkg in "$@"; do
  case "$pkg" in
    runtimes)
      if ! [ -x "$runtimes/node_modules/.bin/node" ] || ! [ -x "$runtimes/node_modules/.bin/bun" ] || ! [ -x "$runtimes/node_modules/.bin/deno" ] \
        || [ "$runtimes/package-lock.json" -nt "$runtimes/node_modules/.package-lock.json" ]; then
        echo "coatcheck: installing Node 22, Bun and Deno for the runtime tests (npm ci in $runtimes)…"
        (cd "$runtimes" && PATH="$OLDPWD/node_modules/.bin:$PATH" npm ci --no-audit --no-fund)
      fi
      ;;
    redis-server) command -v redis-server >/dev/null || need+=(redis-server) ;;
    redis-sentinel) command -v redis-sentinel >/dev/null || need+=(redis-sentinel) ;;
    redis-tools) command -v redis-cli >/dev/null || need+=(redis-tools) ;;
    chromium) command -v chromium >/dev/null || need+=(chromium) ;;
    python3-*) dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg") ;;
    *) command -v "$pkg" >/dev/null || need+=("$pkg") ;;
  esac
done
if [ ${#need[@]} -gt 0 ]; then
  echo "coatcheck: installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
