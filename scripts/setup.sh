#!/usr/bin/env bash
# Installs every build and test dependency of Whippet from Debian's packages.
# Idempotent: when everything is present it only asks dpkg and returns.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config git
  libboost1.81-dev          # Asio (io_uring backend), later Beast and JSON
  liburing-dev              # io_uring for Asio
  libtomlplusplus-dev       # configuration
  libfmt-dev                # formatting and logging
  libcli11-dev              # command-line parsing for the apps
  libxxhash-dev             # XXH3-64 message checksums
  libgtest-dev libgmock-dev # unit and integration tests
  libbenchmark-dev          # micro benchmarks
  nlohmann-json3-dev        # JSON parsing in tests (bench reports, CLI output)
  libargon2-dev             # Argon2id password hashes
  libssl-dev                # SHA-256 of access tokens, random tokens (later TLS)
  iperf3                    # loopback TCP reference in benchmark runs
  clang libclang-rt-14-dev  # libFuzzer targets (fuzz/)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
