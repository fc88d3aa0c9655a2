#!/usr/bin/env bash
# Installs what is missing, builds the debug tree (AddressSanitizer + UBSan)
# and the release binaries, then runs the whole test suite on the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)

cmake --preset release >/dev/null
# What ships, in release (the tests run on the debug tree; building them at
# -O2 too would add a quarter to the build for nothing run).
cmake --build --preset release -j "$jobs" --target whippet-server whippet whippet-bench whippet-storage-bench \
  example_producer example_consumer example_consumer_group
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$jobs"
ctest --preset debug -j "$jobs" --timeout 900 "$@"
