#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each of them: the request
# decoders, and recovery (segment open and state replay on random bytes).
#   scripts/fuzz.sh [seconds]     per target; default 600 (the soak); the test suite runs 20
# The corpora grow in build/fuzz/corpus*; a crash leaves its input in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
./scripts/setup.sh
cmake -S fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j "$(nproc)" >/dev/null
mkdir -p build/fuzz/corpus build/fuzz/corpus-recovery
cd build/fuzz
./request_decoder_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus 2>&1 | tail -n 25
./recovery_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  corpus-recovery 2>&1 | tail -n 25
