#!/bin/sh
# ctest entry of browser_dashboard: skip (exit 77) only when chromium is missing; install
# playwright-core with `npm ci` when node_modules is absent; build the dashboard
# (scripts/build-web.sh) unless MROI_WEB_DIST names a built one; then run the test.
# Usage: dashboard.sh /path/to/mroi
set -eu
cd "$(dirname "$0")"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "SKIPPED: browser_dashboard needs Debian's chromium ($CHROMIUM not found; apt-get install chromium)"
  exit 77
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
if [ -z "${MROI_WEB_DIST:-}" ]; then
  ../../scripts/build-web.sh
  MROI_WEB_DIST="$(cd ../../web/dist && pwd)"
  export MROI_WEB_DIST
fi
exec node dashboard_test.js "$1"
