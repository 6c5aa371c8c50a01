#!/bin/sh
# ctest entry of browser_report: skip (exit 77) only when chromium is missing; install
# playwright-core with `npm ci` when node_modules is absent; then run the test.
# Usage: run.sh /path/to/mroi
set -eu
cd "$(dirname "$0")"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "SKIPPED: browser_report needs Debian's chromium ($CHROMIUM not found; apt-get install chromium)"
  exit 77
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
exec node report_test.js "$1"
