#!/usr/bin/env bash
# What a connection costs: starts the release server on a free loopback port,
# opens N connections in three states and prints the server's RSS growth per
# connection for each. Usage: ./scripts/measure-connections.sh [N] (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
bin=build/release/bin/whippet-server
[ -x "$bin" ] || { echo "build the release tree first (cmake --build --preset release)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
WHIPPET_SYSTEM_PATH="$dir/data" WHIPPET_TCP_ADDRESS=127.0.0.1:0 WHIPPET_ROOT_USERNAME=iggy WHIPPET_ROOT_PASSWORD=iggy \
  WHIPPET_TCP_MAX_CONNECTIONS_PER_IP=$((n * 2)) WHIPPET_SYSTEM_SHARDING_CPU_ALLOCATION=2 \
  "$bin" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening on TCP" "$dir/server.log" && break; sleep 0.1; done
addr=$(sed -n 's/.*listening on TCP \([0-9.:]*\).*/\1/p' "$dir/server.log" | head -1)
python3 - "$addr" "$pid" "$n" <<'PY'
import socket, struct, sys, time
host, port = sys.argv[1].rsplit(":", 1)
pid, n = int(sys.argv[2]), int(sys.argv[3])

def rss_kib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

def frame(code, payload=b""):
    return struct.pack("<II", len(payload) + 4, code) + payload

def recv_exact(s, k):
    out = b""
    while len(out) < k:
        chunk = s.recv(k - len(out))
        if not chunk:
            raise EOFError
        out += chunk
    return out

login = frame(38, bytes([4]) + b"iggy" + bytes([4]) + b"iggy" + struct.pack("<I", 0) + struct.pack("<I", 0))

def state(name, setup):
    time.sleep(0.5)
    before = rss_kib()
    socks = []
    for _ in range(n):
        s = socket.create_connection((host, int(port)))
        setup(s)
        socks.append(s)
    time.sleep(1.0)
    after = rss_kib()
    print(f"{name:<42} {(after - before) / n:7.1f} KiB per connection  (RSS {before} -> {after} KiB, {n} connections)")
    for s in socks:
        s.close()

def idle(s):
    s.sendall(frame(1)); recv_exact(s, 8)  # a ping, so the server has served it

def logged_in(s):
    s.sendall(login); recv_exact(s, 12)

def mid_send(s):
    logged_in(s)
    # A send_messages header claiming 1 MiB, and 256 KiB of its body.
    s.sendall(struct.pack("<II", (1 << 20) + 4, 101) + b"\0" * (256 << 10))

state("idle, before login (after one ping)", idle)
state("idle, logged in", logged_in)
state("busy: 256 KiB into a 1 MiB send", mid_send)
PY
