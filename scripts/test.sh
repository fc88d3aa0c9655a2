#!/usr/bin/env bash
# Installs what is missing, builds the debug (AddressSanitizer + UBSan) and the
# release trees, then runs the whole test suite on the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)

cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$jobs"
ctest --preset debug -j "$jobs" --timeout 900 "$@"
