#!/usr/bin/env bash
# Storage engine benchmark against raw disk limits, in one run on one disk.
# Not part of the test suite. Prints a Markdown table (docs/benchmarks.md).
# Extra arguments go to whippet-storage-bench (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target whippet-storage-bench >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "host: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "disk: $(df -h --output=source,fstype . | tail -1 | tr -s ' ')"
echo
exec ./build/release/bin/whippet-storage-bench --dir build/bench-data "$@"
