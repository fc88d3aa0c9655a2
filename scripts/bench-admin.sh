#!/usr/bin/env bash
# Admin work at scale on a release server: create a topic of 1000
# partitions, get_stats over 10,000 partitions, start-up with 10,000 (empty)
# partitions, delete a topic of 1000 partitions. Each measured REPS times
# (default 5), interleaved with a fresh data directory per repetition;
# prints the median and min..max of each in milliseconds (docs/benchmarks.md).
# Each is timed around one CLI call (process start, connect, login with
# Argon2, the command); "baseline" is the same for a command that costs the
# server nothing (user list), to subtract.
# Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${REPS:-5}"
./scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target whippet-server whippet >/dev/null
BIN=build/release/bin
WORK="$(mktemp -d /tmp/whippet-bench-admin.XXXXXX)"
PORT=18391
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cli() { "$BIN/whippet" -a "127.0.0.1:$PORT" -u iggy -p iggy --timeout-ms 600000 "$@" >/dev/null; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
start_server() {  # sets STARTED_MS: the milliseconds until it answers a ping
  local t0; t0=$(date +%s%N)
  WHIPPET_SYSTEM_PATH="$WORK/data" WHIPPET_TCP_ADDRESS="127.0.0.1:$PORT" WHIPPET_ROOT_USERNAME=iggy \
    WHIPPET_ROOT_PASSWORD=iggy "$BIN/whippet-server" >"$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 2000); do
    kill -0 "$PID" 2>/dev/null || { echo "server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
    if "$BIN/whippet" -a "127.0.0.1:$PORT" ping --count 1 >/dev/null 2>&1; then STARTED_MS=$(ms_since "$t0"); return; fi
    sleep 0.01
  done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$PID"; wait "$PID" || true; PID=""; }
declare -A runs
for rep in $(seq 1 "$REPS"); do
  rm -rf "$WORK/data"
  start_server
  cli stream create s
  t0=$(date +%s%N); cli topic create s big 1000; runs[create]+=" $(ms_since "$t0")"
  t0=$(date +%s%N); cli topic delete s big; runs[delete]+=" $(ms_since "$t0")"
  for i in $(seq 0 9); do cli topic create s "t$i" 1000; done
  t0=$(date +%s%N); cli stats; runs[stats]+=" $(ms_since "$t0")"
  t0=$(date +%s%N); cli user list; runs[baseline]+=" $(ms_since "$t0")"
  stop_server
  start_server
  runs[startup]+=" $STARTED_MS"
  stop_server
done
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); host: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo
echo "| operation | median ms | min..max ms |"
echo "|---|---:|---:|"
for k in create delete stats baseline startup; do
  sorted=$(tr ' ' '\n' <<<"${runs[$k]}" | sed '/^$/d' | sort -n)
  n=$(wc -l <<<"$sorted")
  echo "| $k | $(sed -n "$(( (n + 1) / 2 ))p" <<<"$sorted") | $(head -1 <<<"$sorted")..$(tail -1 <<<"$sorted") |"
done
