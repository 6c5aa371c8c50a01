#!/usr/bin/env bash
# bench/run.sh [ROWS...]: builds the benchmarks (Release, build-bench/), generates
# touchpoints + conversions for each size (default: 1000000 10000000) under bench/data/,
# and prints, per size, the memchr floor, mroi's stages and peak RSS, and DuckDB's query
# on the same file when @duckdb/node-api is installed in DUCKDB_DIR (default: bench/,
# i.e. bench/node_modules). Results go to bench/data/results.jsonl; copy figures into
# bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 10000000)
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMROI_BENCHMARKS=ON -DMROI_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target gen_events memchr_floor pipeline_bench >/dev/null
DUCKDB_DIR="$(cd "${DUCKDB_DIR:-bench}" && pwd)"
RESULTS=bench/data/results.jsonl
mkdir -p bench/data
for rows in "${SIZES[@]}"; do
  dir="bench/data/$rows"
  mkdir -p "$dir"
  [ -f "$dir/touchpoints.csv" ] || build-bench/bench/gen_events "$rows" "$dir" >/dev/null
  file="$dir/touchpoints.csv"
  cat "$file" "$dir/conversions.csv" >/dev/null  # warm the page cache
  floor=$(build-bench/bench/memchr_floor "$file")
  mroi=$(build-bench/bench/pipeline_bench "$dir")
  if [ -d "$DUCKDB_DIR/node_modules/@duckdb/node-api" ]; then
    # Run from DUCKDB_DIR so that the script's import resolves to its node_modules.
    duck=$(cd "$DUCKDB_DIR" && node --input-type=module - "$OLDPWD/$file" \
           < "$OLDPWD/bench/duckdb_query.mjs")
  else
    duck='"skipped: npm install @duckdb/node-api (see bench/README.md)"'
  fi
  line="{\"rows\":$rows,\"memchr\":$floor,\"mroi\":$mroi,\"duckdb\":$duck}"
  echo "$line" | tee -a "$RESULTS"
done
