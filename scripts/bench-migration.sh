#!/usr/bin/env bash
# What moving connections to their data (tcp.socket_migration) changes:
# produce latency and server CPU per message, with and without it, in one run.
#   scripts/bench-migration.sh [repetitions, default 5]
# Two release servers side by side (fsync off), one with socket migration,
# one without; whippet-bench pinned-producer (each producer its own stream,
# partition 0) with 1 and 8 producers, small batches (10 x 1 KiB, where a
# request's fixed costs show) and large ones (1000 x 1 KiB); repetitions
# interleaved. Server CPU is read from /proc/<pid>/stat around each run.
# Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-5}"
source scripts/bench-lib.sh
bench_build whippet-server whippet-bench

work=$(mktemp -d "${TMPDIR:-/tmp}/whippet-migration-XXXXXX")
bench_header
echo

bench_start on 18291 WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=false WHIPPET_TCP_SOCKET_MIGRATION=true
bench_start off 18292 WHIPPET_SYSTEM_PARTITION_ENFORCE_FSYNC=false WHIPPET_TCP_SOCKET_MIGRATION=false


results="$work/results.tsv"
: >"$results"
run() {  # run NAME PORT PRODUCERS PER_BATCH TOTAL
  local name=$1 port=$2 producers=$3 per_batch=$4 total=$5 json="$work/run.json"
  local before after
  before=$(cpu_ticks "${bench_pid[$name]}")
  ./build/release/bin/whippet-bench pinned-producer -p "$producers" -m 1024 -P "$per_batch" -T "$total" \
    --server-address "127.0.0.1:$port" --output-json "$json" >/dev/null
  after=$(cpu_ticks "${bench_pid[$name]}")
  python3 - "$json" "$name" "$producers" "$per_batch" "$((after - before))" "$(getconf CLK_TCK)" >>"$results" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["totals"]["producer"]
l = r["latency"]
cpu_s = int(sys.argv[5]) / int(sys.argv[6])
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], "%.0f" % r["messages_per_s"], "%.3f" % (l["p50_us"] / 1000),
                 "%.3f" % (l["p99_us"] / 1000), "%.3f" % (cpu_s * 1e6 / max(1, r["messages"]))]))
EOF
}

for rep in $(seq 1 "$reps"); do
  for producers in 1 8; do
    for server in on off; do
      port=18291; [ "$server" = off ] && port=18292
      run "$server" "$port" "$producers" 10 64MiB
      run "$server" "$port" "$producers" 1000 512MiB
    done
  done
  echo "repetition $rep done" >&2
done

for s in on off; do
  echo "server $s: $(grep -o 'moved [0-9]* to the shard of their data' "$work/$s.log" || true)"
done
kill -INT "${bench_pid[on]}" "${bench_pid[off]}"
wait "${bench_pid[on]}" "${bench_pid[off]}" 2>/dev/null || true
for s in on off; do
  echo "server $s: $(grep -o 'accepted .*' "$work/$s.log" || echo 'no summary')"
done
echo

python3 - "$results" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, producers, per_batch, msgs, p50, p99, cpu = line.split("\t")
    rows[(int(producers), int(per_batch), name)].append((float(msgs), float(p50), float(p99), float(cpu)))
def spread(values, fmt):
    return (fmt + " (" + fmt + ".." + fmt + ")") % (statistics.median(values), min(values), max(values))
print("| producers | messages per batch | migration | msg/s | p50 ms | p99 ms | server CPU us/msg |")
print("|---:|---:|---|---:|---:|---:|---:|")
for producers in (1, 8):
    for per_batch in (10, 1000):
        for name in ("on", "off"):
            r = rows[(producers, per_batch, name)]
            if not r:
                continue
            print("| %d | %d | %s | %s | %s | %s | %s |" % (
                producers, per_batch, name, spread([x[0] for x in r], "%.0f"), spread([x[1] for x in r], "%.3f"),
                spread([x[2] for x in r], "%.3f"), spread([x[3] for x in r], "%.2f")))
EOF
