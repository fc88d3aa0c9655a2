#!/usr/bin/env bash
# Appends through the page cache against direct appends with the tail cache
# (system.segment.direct_io, system.segment.tail_cache), in one run, next to
# the limits measured in the same run. Not part of the test suite.
#   scripts/bench-direct.sh [repetitions, default 5] [GiB per run, default 1]
# Release servers side by side on scratch directories of the same disk, one
# per mode, fsync off, and one per mode with enforce_fsync. Each repetition
# measures, server after server (the order alternating):
#   produce   - one producer, 1 KiB messages, batches of 1000 (pinned-producer);
#   catch-up  - one consumer reading all of it back from offset 0 afterwards
#               (pinned-consumer --existing-streams), batches of 1000;
#   tailing   - one producer and one consumer of the same partition at once
#               (pinned-producer-and-consumer): the consumer reads what was
#               just written;
#   durable   - 16 producers on 8 partitions with enforce_fsync.
# Server CPU per message is read from /proc/<pid>/stat around each run, and
# the bytes the server read from the disk from /proc/<pid>/io.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-5}"
gib="${2:-1}"
source scripts/bench-lib.sh
bench_build whippet-server whippet-bench whippet-storage-bench whippet

work=$(mktemp -d "${TMPDIR:-/var/tmp}/whippet-direct-XXXXXX")
bench_header
echo "disk: $(df -hT "$work" | awk 'NR==2{print $1" "$2}')"
echo

declare -A port=([page]=18591 [direct]=18592 [page-fsync]=18593 [direct-fsync]=18594)
bench_start page "${port[page]}" WHIPPET_SYSTEM_SEGMENT_DIRECT_IO=false
bench_start direct "${port[direct]}" WHIPPET_SYSTEM_SEGMENT_DIRECT_IO=true
bench_start page-fsync "${port[page-fsync]}" WHIPPET_SYSTEM_SEGMENT_DIRECT_IO=false \
  WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=true
bench_start direct-fsync "${port[direct-fsync]}" WHIPPET_SYSTEM_SEGMENT_DIRECT_IO=true \
  WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=true

# Fresh page-cache memory costs this kind of VM a host fault on first touch:
# touch it first (see docs/benchmarks.md).
./build/release/bin/whippet-storage-bench --warm-gib 4 --repeat 1 --total-mib 1 --sync-total-mib 1 \
  --dir "$work/warm" >/dev/null

disk_read() { awk '/^read_bytes/{print $2}' "/proc/$1/io"; }
results="$work/results.tsv"
limits="$work/limits.csv"
: >"$results"
: >"$limits"

# measure SERVER WORKLOAD SIDE -- BENCH ARGS...: one whippet-bench run; appends
# "workload server msg/s MB/s cpu-us/msg disk-MB p99-ms" for SIDE (producer
# or consumer) to the results.
measure() {
  local server=$1 workload=$2 side=$3
  shift 4
  local pid=${bench_pid[$server]} json="$work/run.json"
  local cpu0 io0
  cpu0=$(cpu_ticks "$pid")
  io0=$(disk_read "$pid")
  ./build/release/bin/whippet-bench "$@" -m 1024 --server-address "127.0.0.1:${port[$server]}" \
    --output-json "$json" >/dev/null
  python3 - "$json" "$workload" "$server" "$side" "$(($(cpu_ticks "$pid") - cpu0))" "$(getconf CLK_TCK)" \
    "$(($(disk_read "$pid") - io0))" >>"$results" <<'EOF'
import json, sys
json_path, workload, server, side, ticks, hz, disk = sys.argv[1:]
t = json.load(open(json_path))["totals"]
sides = ["producer", "consumer"] if side == "both" else [side]
for s in sides:
    r = t[s]
    cpu_us = int(ticks) / int(hz) * 1e6 / max(1, r["messages"])
    print("\t".join([workload + ("" if side != "both" else "-" + s), server, "%.0f" % r["messages_per_s"],
                     "%.1f" % r["mb_per_s"], "%.3f" % cpu_us, "%.0f" % (int(disk) / 1e6),
                     "%.3f" % (r["latency"]["p99_us"] / 1000)]))
EOF
}

for rep in $(seq 1 "$reps"); do
  bench_limits "$work" >>"$limits"
  order=(page direct)
  [ $((rep % 2)) -eq 0 ] && order=(direct page)
  for s in "${order[@]}"; do
    measure "$s" produce producer -- pinned-producer -p 1 -P 1000 -T "${gib}GiB" --stream-prefix "r$rep" --keep-streams
    measure "$s" catch-up consumer -- pinned-consumer -c 1 -P 1000 -T "${gib}GiB" --stream-prefix "r$rep" \
      --existing-streams
    ./build/release/bin/whippet -a "127.0.0.1:${port[$s]}" -u iggy -p iggy stream delete "r$rep-1" >/dev/null
    measure "$s" tailing both -- pinned-producer-and-consumer -p 1 -c 1 -P 1000 -T "$((gib * 512))MiB" \
      --stream-prefix "t$rep"
    measure "$s-fsync" durable producer -- balanced-producer -p 16 --partitions 8 -P 1000 -T "$((gib * 512))MiB" \
      --stream-prefix "d$rep"
  done
  echo "repetition $rep done" >&2
done

python3 - "$results" "$limits" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    workload, server, msgs, mb, cpu, disk, p99 = line.rstrip("\n").split("\t")
    rows[(workload, server.replace("-fsync", ""))].append((float(msgs), float(mb), float(cpu), float(disk), float(p99)))
lim = collections.defaultdict(list)
for line in open(sys.argv[2]):
    _, name, v = line.strip().split(",")
    lim[name].append(float(v))
def spread(v, fmt):
    return (fmt + " (" + fmt + ".." + fmt + ")") % (statistics.median(v), min(v), max(v))
print("limits (MB/s, median (min..max)):")
for name, v in lim.items():
    print("  %-18s %s" % (name, spread(v, "%.0f")))
print()
print("| workload | appends | msg/s | MB/s | server CPU us/msg | disk MB read | p99 ms |")
print("|---|---|---:|---:|---:|---:|---:|")
for workload in ("produce", "catch-up", "tailing-producer", "tailing-consumer", "durable"):
    for server in ("page", "direct"):
        r = rows[(workload, server)]
        if not r:
            continue
        cols = list(zip(*r))
        print("| %s | %s | %s | %s | %s | %s | %s |" % (workload, "page cache" if server == "page" else "direct + tail cache",
              spread(cols[0], "%.0f"), spread(cols[1], "%.0f"), spread(cols[2], "%.2f"), spread(cols[3], "%.0f"),
              spread(cols[4], "%.2f")))
print()
print("ratios of medians, direct / page cache:")
for workload in ("produce", "catch-up", "tailing-producer", "tailing-consumer", "durable"):
    a, b = rows[(workload, "direct")], rows[(workload, "page")]
    if a and b:
        print("  %-17s msg/s %.2fx, CPU/msg %.2fx" % (workload, statistics.median([x[0] for x in a]) / statistics.median([x[0] for x in b]),
              statistics.median([x[2] for x in a]) / max(1e-9, statistics.median([x[2] for x in b]))))
EOF
