#!/bin/sh
# Builds the dashboard (web/) into web/dist with Vite: `npm ci` first when node_modules is
# missing (or when MROI_WEB_CI=1), then `npm run build`. Needs node >= 20.19 and npm.
# When `npm ci` refuses the lock file because a registry mirror lacks some platform-only
# optional packages (rollup's and esbuild's per-OS binaries), `npm install --no-save`
# installs the same locked versions without rewriting package-lock.json.
# Usage: scripts/build-web.sh
set -eu
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "build-web.sh: npm not found (install Node.js 20.19 or later)" >&2
  exit 1
fi
if [ ! -d node_modules/vite ] || [ "${MROI_WEB_CI:-0}" = 1 ]; then
  npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund
fi
npm run build --silent
echo "dashboard built: $(pwd)/dist"
