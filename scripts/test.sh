#!/usr/bin/env bash
# Install what is needed, then build and run every test: once normally (warnings as
# errors), once under AddressSanitizer + UBSan, then each libFuzzer target for
# FUZZ_SECONDS (default 30) seconds. Build trees: build/, build-asan/, build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
JOBS="$(nproc)"
scripts/install-deps.sh

echo "== build and test (RelWithDebInfo, -Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMROI_WERROR=ON
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS"

echo "== build and test under AddressSanitizer + UBSan"
# -O1 as the sanitizers recommend: assertions stay on (Debug), the e2e suites run ~2x faster.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DMROI_WERROR=ON -DMROI_SANITIZE=ON
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS"

echo "== fuzz each target for ${FUZZ_SECONDS}s"
scripts/fuzz.sh "$FUZZ_SECONDS"
echo "== all tests passed"
