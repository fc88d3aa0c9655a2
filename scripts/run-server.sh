#!/usr/bin/env bash
# Installs what is missing, builds the release binaries into build/release/bin/
# and starts whippet-server on the embedded defaults (data in ./local_data,
# TCP on 127.0.0.1:8090). Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
exec ./build/release/bin/whippet-server "$@"
