#!/usr/bin/env bash
# Install the Debian 12 packages mroi builds and tests with. Idempotent; needs root.
set -euo pipefail
PACKAGES=(
  build-essential cmake pkg-config git ca-certificates tzdata
  clang libclang-rt-14-dev
  libfmt-dev libcli11-dev nlohmann-json3-dev libre2-dev libhowardhinnant-date-dev
  zlib1g-dev libssl-dev libsimdjson-dev libfast-float-dev
  libgtest-dev libgmock-dev libbenchmark-dev libeigen3-dev
  libboost-dev libnlopt-dev libnlopt-cxx-dev
  python3
  chromium
  libsqlite3-dev libpq-dev libxxhash-dev postgresql
  libcpp-httplib-dev wrk fonts-liberation
  pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest python3-mypy
  python3-dask python3-distributed
)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
