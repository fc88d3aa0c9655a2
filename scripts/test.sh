#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UBSan, runs the whole
# test suite, then checks that the release build compiles too.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)

cmake --preset debug >/dev/null
cmake --build --preset debug -j "$jobs"
ctest --preset debug -j "$jobs" --timeout 900 "$@"

cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
