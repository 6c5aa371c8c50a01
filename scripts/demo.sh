#!/usr/bin/env bash
# Install what is needed, build mroi into build/ and run `mroi demo` into mroi-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMROI_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)" --target mroi_cli
build/mroi demo --out mroi-demo "$@"
