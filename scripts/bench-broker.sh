#!/usr/bin/env bash
# Broker benchmark over loopback, next to loopback TCP bandwidth (iperf3)
# measured in the same run. Not part of the test suite.
#   scripts/bench-broker.sh [batches per actor, default 1000]
# Starts a release whippet-server on a scratch data directory (fsync off),
# runs whippet-bench pinned-producer and pinned-consumer with 1 and 2 actors,
# 1 KiB messages in batches of 1000, and stops everything by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
batches="${1:-1000}"
source scripts/bench-lib.sh
bench_build whippet-server whippet-bench whippet-storage-bench

work=$(mktemp -d "${TMPDIR:-/tmp}/whippet-bench-XXXXXX")
port=18090
iperf_port=15201
bench_header
echo

iperf3 -s -B 127.0.0.1 -p "$iperf_port" >/dev/null 2>&1 &
iperf_pid=$!
bench_track "$iperf_pid"
sleep 0.5
for streams in 1 2; do
  gbps=$(iperf3 -c 127.0.0.1 -p "$iperf_port" -t 5 -P "$streams" -J | python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))')
  echo "loopback TCP (iperf3, $streams stream(s)): ${gbps} Gbit/s = $(python3 -c "print(int($gbps*1e9/8/1e6))") MB/s"
done
bench_stop "$iperf_pid"
echo

bench_start server "$port" WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=false

for kind in pinned-producer pinned-consumer; do
  for actors in 1 2; do
    # On a virtual machine, fresh page-cache pages can cost host page faults;
    # touching memory first keeps that out of the figures (see docs/benchmarks.md).
    ./build/release/bin/whippet-storage-bench --warm-gib 4 --repeat 1 --total-mib 1 --sync-total-mib 1 \
      --dir "$work/warm" >/dev/null
    echo "== $kind, $actors actor(s)"
    ./build/release/bin/whippet-bench "$kind" -p "$actors" -c "$actors" -m 1024 -P 1000 -b "$batches" \
      --server-address "127.0.0.1:$port" --output-json "$work/$kind-$actors.json" | sed -n '/total:/,$p'
  done
done
