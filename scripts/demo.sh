#!/usr/bin/env bash
# Install what is needed, build mroi into build/ and the dashboard into web/dist/, and run
# `mroi demo` into mroi-demo/ (then: build/mroi serve --workspace mroi-demo/workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMROI_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)" --target mroi_cli
scripts/build-web.sh
build/mroi demo --out mroi-demo "$@"
