#!/usr/bin/env bash
# The mixed case: producers, each on its own partition, paced, while one
# consumer reads a large partition from its beginning, cold (evicted from
# the page cache), on the same shards. Reports the producers' ack latency
# with and without the cold reader, repetitions interleaved.
#   scripts/bench-mixed.sh [repetitions, default 3] [cold GiB, default 6]
# Release server, fsync off, 2 shards. The disk bytes the server read in
# each run (/proc/<pid>/io read_bytes) show that the reader was cold.
# Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-3}"
cold_gib="${2:-6}"
source scripts/bench-lib.sh
bench_build whippet-server whippet-bench

work=$(mktemp -d "${TMPDIR:-/tmp}/whippet-mixed-XXXXXX")
port=18491
bench_header
echo

bench_start server "$port" WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=false
server_pid=${bench_pid[server]}

bench() { ./build/release/bin/whippet-bench "$@" --server-address "127.0.0.1:$port" -m 1024; }
cold_args=(--stream-prefix cold -P 1000 -T "${cold_gib}GiB")
# Producers: 8, each its own stream (partition 0), 100 messages per batch,
# 40 MB/s together for 200 MiB (about 5 s).
hot_args=(pinned-producer -p 8 --stream-prefix hot -P 100 -r 40MB -T 200MiB)

echo "seeding ${cold_gib} GiB to read cold" >&2
bench pinned-producer -p 1 "${cold_args[@]}" --keep-streams >/dev/null

# Writes back and evicts every segment file of the data directory.
evict() {
  python3 - "$work/server" <<'EOF'
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".log"):
            fd = os.open(os.path.join(root, f), os.O_RDONLY)
            os.fdatasync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
EOF
}

read_bytes() { awk '/^read_bytes/{print $2}' "/proc/$server_pid/io"; }
results="$work/results.tsv"
: >"$results"
latency() {  # latency JSON LABEL DISK_MB
  python3 - "$1" "$2" "$3" >>"$results" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))["totals"]
p = t["producer"]["latency"]
c = t.get("consumer")
print("\t".join([sys.argv[2], "%.3f" % (p["p50_us"] / 1000), "%.3f" % (p["p99_us"] / 1000),
                 "%.3f" % (p["p999_us"] / 1000), "%.0f" % t["producer"]["mb_per_s"], sys.argv[3]]))
EOF
}

for rep in $(seq 1 "$reps"); do
  evict
  before=$(read_bytes)
  bench pinned-consumer -c 1 "${cold_args[@]}" --existing-streams --output-json "$work/reader.json" >/dev/null &
  reader_pid=$!
  bench_track "$reader_pid"
  sleep 0.5
  bench "${hot_args[@]}" --output-json "$work/hot.json" >/dev/null
  disk_mb=$(( ($(read_bytes) - before) / 1000000 ))
  reader_running=no
  kill -0 "$reader_pid" 2>/dev/null && reader_running=yes
  latency "$work/hot.json" with-cold-reader "$disk_mb"
  echo "rep $rep: the reader read $disk_mb MB from disk during the producers' run; still reading at their end: $reader_running" >&2
  wait "$reader_pid" || true
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["totals"]["consumer"]; print("  cold reader: %.0f MB/s, %d messages" % (c["mb_per_s"], c["messages"]))' "$work/reader.json" >&2

  before=$(read_bytes)
  bench "${hot_args[@]}" --output-json "$work/hot.json" >/dev/null
  latency "$work/hot.json" alone "$(( ($(read_bytes) - before) / 1000000 ))"
done

python3 - "$results" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, p50, p99, p999, mb, disk = line.split("\t")
    rows[label].append((float(p50), float(p99), float(p999), float(mb), float(disk)))
def spread(v):
    return "%.3f (%.3f..%.3f)" % (statistics.median(v), min(v), max(v))
print("| producers (8, 40 MB/s) | p50 ms | p99 ms | p99.9 ms | MB/s | disk MB read by the server |")
print("|---|---:|---:|---:|---:|---:|")
for label in ("alone", "with-cold-reader"):
    r = rows[label]
    print("| %s | %s | %s | %s | %.0f | %.0f |" % (label, spread([x[0] for x in r]), spread([x[1] for x in r]),
                                                spread([x[2] for x in r]), statistics.median(x[3] for x in r),
                                                statistics.median(x[4] for x in r)))
a = statistics.median(x[1] for x in rows["alone"])
w = statistics.median(x[1] for x in rows["with-cold-reader"])
print()
print("producer p99 with the cold reader / alone: %.2fx (target: at most 2x)" % (w / a))
EOF
