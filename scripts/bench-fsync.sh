#!/usr/bin/env bash
# Durable produce (enforce_fsync) against the same produce without fsync, in
# one run, next to the disk's limits measured in the same run. Not part of
# the test suite.
#   scripts/bench-fsync.sh [repetitions, default 3] [MiB per run, default 512]
# Two release servers run side by side on scratch directories of the same
# disk, one with [system.partition] enforce_fsync = true and one without; for
# 1, 2, 4, 8 and 16 producers (balanced-producer, 1 KiB messages, batches of
# 1000) on a topic of 1 and of 8 partitions, the two are measured one after
# the other, and the whole matrix is repeated (interleaved repetitions).
# Then ack latency of durable sends at 10,000 msg/s (4 producers, batches of
# 10). Limits: 1 MiB write+fdatasync each, and 1 MiB writes with an fdatasync
# every 16 MiB (what group commit can reach at best on this disk).
# DIRECT_IO=true runs both servers with system.segment.direct_io.
# SUSTAINED_GIB=N adds, to each repetition, 16 producers on 8 partitions
# sending N GiB: longer than the page cache absorbs without fsync (vm.dirty_*
# limits), so that both servers run at what the disk sustains.
# Everything is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-3}"
mib="${2:-512}"
source scripts/bench-lib.sh
bench_build whippet-server whippet-bench

work=$(mktemp -d "${TMPDIR:-/var/tmp}/whippet-fsync-XXXXXX")
bench_header
echo "disk: $(df -hT "$work" | awk 'NR==2{print $1" "$2}')"
echo

# limit_mb_s SYNC_EVERY_MIB: 1 MiB writes, fdatasync every N MiB, 256 MiB in all.
limit_mb_s() {
  python3 - "$work/limit" "$1" <<'EOF'
import os, sys, time
path, every = sys.argv[1], int(sys.argv[2])
block = os.urandom(1 << 20)
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
t0 = time.monotonic()
for i in range(256):
    os.write(fd, block)
    if (i + 1) % every == 0:
        os.fdatasync(fd)
os.fdatasync(fd)
dt = time.monotonic() - t0
os.close(fd)
os.unlink(path)
print("%.0f" % (256 * 1.048576 / dt))
EOF
}

direct="WHIPPET_SYSTEM_SEGMENT_DIRECT_IO=${DIRECT_IO:-false}"
echo "$direct"
bench_start durable 18191 WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=true "$direct"
bench_start cached 18192 WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=false "$direct"

results="$work/results.tsv"
: >"$results"
# run PORT LABEL PRODUCERS PARTITIONS [extra bench args...]
run() {
  local port=$1 label=$2 producers=$3 partitions=$4
  shift 4
  local json="$work/run.json"
  ./build/release/bin/whippet-bench balanced-producer -p "$producers" --streams 1 --partitions "$partitions" \
    -m 1024 "$@" --server-address "127.0.0.1:$port" --output-json "$json" >/dev/null
  python3 - "$json" "$label" "$producers" "$partitions" >>"$results" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["totals"]["producer"]
l = r["latency"]
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], "%.1f" % r["mb_per_s"], "%.0f" % r["messages_per_s"],
                 "%.3f" % (l["p50_us"] / 1000), "%.3f" % (l["p99_us"] / 1000), "%.3f" % (l["p999_us"] / 1000)]))
EOF
}

for rep in $(seq 1 "$reps"); do
  echo "limit,fdatasync-each,$(limit_mb_s 1)" >>"$work/limits.csv"
  echo "limit,fdatasync-every-16MiB,$(limit_mb_s 16)" >>"$work/limits.csv"
  for partitions in 1 8; do
    for producers in 1 2 4 8 16; do
      run 18191 fsync "$producers" "$partitions" -P 1000 -T "${mib}MiB"
      run 18192 nofsync "$producers" "$partitions" -P 1000 -T "${mib}MiB"
    done
  done
  run 18191 fsync-10k-msg-s 4 1 -P 10 -r 10240KiB -T 40MiB
  if [ -n "${SUSTAINED_GIB:-}" ]; then
    run 18191 sustained-fsync 16 8 -P 1000 -T "${SUSTAINED_GIB}GiB"
    run 18192 sustained-nofsync 16 8 -P 1000 -T "${SUSTAINED_GIB}GiB"
  fi
  echo "repetition $rep done" >&2
done

python3 - "$results" "$work/limits.csv" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, producers, partitions, mb, msgs, p50, p99, p999 = line.split("\t")
    rows[(label, int(producers), int(partitions))].append((float(mb), float(msgs), float(p50), float(p99), float(p999)))
limits = collections.defaultdict(list)
for line in open(sys.argv[2]):
    _, name, value = line.strip().split(",")
    limits[name].append(float(value))
def spread(values):
    return "%.0f (%.0f..%.0f)" % (statistics.median(values), min(values), max(values))
each = statistics.median(limits["fdatasync-each"])
group = statistics.median(limits["fdatasync-every-16MiB"])
print("limits, MB/s, median (min..max): 1 MiB write+fdatasync each %s; fdatasync every 16 MiB %s" %
      (spread(limits["fdatasync-each"]), spread(limits["fdatasync-every-16MiB"])))
print()
print("| partitions | producers | fsync MB/s | no fsync MB/s | fsync / no fsync | fsync / 16 MiB limit | fsync p50 / p99 ms |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for partitions in (1, 8):
    for producers in (1, 2, 4, 8, 16):
        f = rows[("fsync", producers, partitions)]
        n = rows[("nofsync", producers, partitions)]
        fm = statistics.median(x[0] for x in f)
        nm = statistics.median(x[0] for x in n)
        print("| %d | %d | %s | %s | %.0f%% | %.0f%% | %.2f / %.2f |" % (
            partitions, producers, spread([x[0] for x in f]), spread([x[0] for x in n]), 100 * fm / nm,
            100 * fm / group, statistics.median(x[2] for x in f), statistics.median(x[3] for x in f)))
f, n = rows[("sustained-fsync", 16, 8)], rows[("sustained-nofsync", 16, 8)]
if f and n:
    print()
    fm, nm = statistics.median(x[0] for x in f), statistics.median(x[0] for x in n)
    print("sustained, 16 producers on 8 partitions: fsync %s MB/s, no fsync %s MB/s: %.0f%%; fsync / 16 MiB limit %.0f%%"
          % (spread([x[0] for x in f]), spread([x[0] for x in n]), 100 * fm / nm, 100 * fm / group))
lat = rows[("fsync-10k-msg-s", 4, 1)]
if lat:
    print()
    print("durable sends at 10,000 msg/s (4 producers, 10 per batch): %.0f msg/s, ack latency ms p50 %.3f, p99 %s, p99.9 %.3f"
          % (statistics.median(x[1] for x in lat), statistics.median(x[2] for x in lat),
             "%.3f (%.3f..%.3f)" % (statistics.median(x[3] for x in lat), min(x[3] for x in lat), max(x[3] for x in lat)),
             statistics.median(x[4] for x in lat)))
EOF
