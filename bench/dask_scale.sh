#!/usr/bin/env bash
# bench/dask_scale.sh [SIZE...]: the scale-out benchmark of mroi.dask (issue 10). Builds
# the Python module mroi._core (Release, in $BUILD, default build-bench/; an existing
# build dir is used as configured), then runs bench/dask_scale.py on a LocalCluster of 2
# single-threaded workers for each total size (default: 1M 10M 100M touchpoints, chunks
# of 1M generated on the workers). Prints a Markdown table for bench/RESULTS.md.
# Extra flags for dask_scale.py go in DASK_SCALE_FLAGS, e.g.
#   DASK_SCALE_FLAGS="--scheduler tcp://10.0.0.5:8786 --workers 8" bench/dask_scale.sh 100M
#   DASK_SCALE_FLAGS="--mode generate" bench/dask_scale.sh 1M 10M   # the generator alone
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${BUILD:-build-bench}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1M 10M 100M)
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DMROI_BUILD_TESTS=OFF -DMROI_PYTHON=ON \
    >/dev/null
fi
cmake --build "$BUILD" -j"$(nproc)" --target mroi_python >/dev/null
SIZE_LIST=$(IFS=,; echo "${SIZES[*]}")
# Debian's python3 (the one with dask/distributed), whatever is first on PATH.
# shellcheck disable=SC2086
PYTHONPATH="$PWD/$BUILD/python" exec /usr/bin/python3 bench/dask_scale.py \
  --sizes "$SIZE_LIST" ${DASK_SCALE_FLAGS:-}
