#!/usr/bin/env bash
# Load test of `mroi serve` with wrk: the main API routes of a served folder or
# workspace, after one warm-up request each (results are cached per data version).
#
#   bench/serve_load.sh DATA_DIR_OR_WORKSPACE [SECONDS=20] [CONNECTIONS=64] [THREADS=2]
#
# Prints per route the throughput, p50/p99 latency (wrk --latency), errors (socket
# errors and non-2xx answers), and the server's RSS (VmRSS, VmHWM from /proc) before
# and after. MROI_BIN picks the binary (default build/mroi).
set -euo pipefail

target=${1:?usage: serve_load.sh DATA_DIR_OR_WORKSPACE [SECONDS] [CONNECTIONS] [THREADS]}
seconds=${2:-20}
connections=${3:-64}
wrk_threads=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
mroi=${MROI_BIN:-$here/../build/mroi}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

if [ -f "$target/mroi-workspace.json" ]; then source_flag=--workspace; else source_flag=--data; fi
log=$(mktemp)
"$mroi" serve "$source_flag" "$target" --port 0 --threads "$((connections + 8))" \
  --request-timeout 600 >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.0f MiB  ", $1, $2/1024}' "/proc/$server/status"; }

routes=(/api/health /api/metrics "/api/metrics?period=2025-Q1&compare=previous"
        /api/attribution "/api/attribution?model=linear" /api/report/metrics
        /api/report/attribution /api/cleaning)
echo "server pid $server on $base; $(nproc) cores; wrk $seconds s x $connections connections"
start=$(date +%s.%N)
for route in "${routes[@]}"; do
  curl -fsS -o /dev/null "$base$route" || { echo "warm-up of $route failed" >&2; exit 1; }
done
echo "warm-up (pipeline + every route computed once): $(echo "$(date +%s.%N) - $start" | bc) s"
echo "RSS before: $(rss)"
printf '%-48s %10s %9s %9s %7s\n' route req/s p50 p99 errors
for route in "${routes[@]}"; do
  out=$(wrk -t "$wrk_threads" -c "$connections" -d "${seconds}s" --latency "$base$route")
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  socket=$(awk -F'[ ,]+' '/Socket errors/ {print $5+$7+$9+$11}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-48s %10s %9s %9s %7s\n' "$route" "$rate" "$p50" "$p99" "$(( ${socket:-0} + ${non2xx:-0} ))"
  grep -E "Socket errors|Non-2xx" <<<"$out" | sed 's/^ */    /' || true
done
echo "RSS after: $(rss)"
