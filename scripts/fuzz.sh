#!/usr/bin/env bash
# Build the libFuzzer targets with clang (build-fuzz/) and run each for SECONDS
# (argument 1, else $FUZZ_SECONDS, else 30) on a temporary copy of its seed corpus
# (fuzz/corpus/<target>/ is never grown). Exit non-zero when a target crashes or
# breaks its invariant; the crashing inputs are kept in build-fuzz/fuzz-artifacts/.
#   scripts/fuzz.sh 30
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-${FUZZ_SECONDS:-30}}"
BUILD_DIR="${MROI_FUZZ_BUILD_DIR:-build-fuzz}"
TARGETS=(csv_reader_fuzz jsonl_reader_fuzz timestamp_fuzz http_rules_fuzz)

mkdir -p "$BUILD_DIR"
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMROI_FUZZ=ON -DMROI_BUILD_TESTS=OFF > "$BUILD_DIR/configure.log" 2>&1 ||
  { cat "$BUILD_DIR/configure.log"; exit 1; }
cmake --build "$BUILD_DIR" -j"$(nproc)" --target "${TARGETS[@]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts="$BUILD_DIR/fuzz-artifacts"
mkdir -p "$artifacts"
failed=()
for target in "${TARGETS[@]}"; do
  echo "== fuzz $target for ${SECONDS_PER_TARGET}s"
  cp -r "fuzz/corpus/$target" "$work/$target"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$BUILD_DIR/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$target-" "$work/$target" 2> "$work/$target.log"; then
    tail -n 60 "$work/$target.log"
    failed+=("$target")
  else
    grep -E "^(stat::number_of_executed_units|Done)" "$work/$target.log" || true
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzzing found a crash in: ${failed[*]} (inputs in $artifacts/)" >&2
  exit 1
fi
echo "== fuzzing passed: ${TARGETS[*]}"
