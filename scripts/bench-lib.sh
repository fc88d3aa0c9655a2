# Shared by the benchmark scripts (sourced, not run, from the repository's
# root): the build, the run's header, release servers on scratch data
# directories, and stopping by PID.
#   source scripts/bench-lib.sh; bench_build TARGETS...; work=$(mktemp -d ...)
# Processes started with bench_start / bench_track are stopped, and $work
# removed, when the script exits.

bench_pids=()

bench_track() { bench_pids+=("$1"); }

bench_stop() {  # bench_stop PID: stops one process and waits for it
  kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true
}

bench_cleanup() {
  for p in "${bench_pids[@]}"; do bench_stop "$p"; done
  [ -n "${work:-}" ] && rm -rf "$work"
  return 0
}
trap bench_cleanup EXIT

bench_build() {  # bench_build TARGET...: installs what is missing, builds the release targets
  ./scripts/setup.sh >/dev/null
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$(nproc)" --target "$@" >/dev/null
}

bench_header() {
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "host: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  local dirty=""
  [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=" (with uncommitted changes)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty"
}

# bench_start NAME PORT [VAR=value ...]: a release whippet-server (root
# iggy/iggy) on $work/NAME and 127.0.0.1:PORT, with the given configuration
# variables; waits until it listens. Its PID is in bench_pid[NAME].
declare -A bench_pid
bench_start() {
  local name=$1 port=$2
  shift 2
  env WHIPPET_SYSTEM_PATH="$work/$name" WHIPPET_TCP_ADDRESS="127.0.0.1:$port" WHIPPET_ROOT_USERNAME=iggy \
    WHIPPET_ROOT_PASSWORD=iggy "$@" ./build/release/bin/whippet-server >"$work/$name.log" 2>&1 &
  bench_pid[$name]=$!
  bench_track "$!"
  for _ in $(seq 1 100); do grep -q "listening on TCP" "$work/$name.log" && return 0; sleep 0.1; done
  echo "server $name did not start" >&2
  exit 1
}

# bench_limits DIR: the limits the figures are ratios to, measured now, on
# the disk of DIR and over loopback, one line each ("limit,NAME,MB/s"):
# 1 MiB writes through the page cache, 1 MiB O_DIRECT writes, 1 MiB writes
# with an fdatasync each (256 MiB of each), and loopback TCP (iperf3, one
# stream, 3 s).
bench_limits() {
  python3 - "$1/limit" <<'PYEOF'
import mmap, os, sys, time
path = sys.argv[1]
block = mmap.mmap(-1, 1 << 20)  # page-aligned, as O_DIRECT wants
block.write(os.urandom(1 << 20))
def run(name, flags, sync):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | flags, 0o600)
    t0 = time.monotonic()
    for _ in range(256):
        os.write(fd, block)
        if sync:
            os.fdatasync(fd)
    dt = time.monotonic() - t0
    os.close(fd)
    os.unlink(path)
    print("limit,%s,%.0f" % (name, 256 * 1.048576 / dt))
run("page-cache-write", 0, False)
run("direct-write", os.O_DIRECT, False)
run("write+fdatasync", 0, True)
PYEOF
  local port=15301
  iperf3 -s -B 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  local pid=$!
  bench_track "$pid"
  sleep 0.5
  echo "limit,loopback-tcp,$(iperf3 -c 127.0.0.1 -p "$port" -t 3 -J |
    python3 -c 'import json,sys; print("%.0f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/8e6))')"
  bench_stop "$pid"
}

# cpu_ticks PID: the process's CPU time so far, in clock ticks (user + system).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
