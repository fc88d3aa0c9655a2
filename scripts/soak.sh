#!/usr/bin/env bash
# Long-running checks, not part of the default suite: the storage crash test
# with many more SIGKILLs (WHIPPET_CRASH_KILLS, default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$(nproc)"
WHIPPET_CRASH_KILLS="${WHIPPET_CRASH_KILLS:-1000}" ./build/debug/tests/storage_crash_test
