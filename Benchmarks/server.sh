#!/usr/bin/env bash
# HTTP throughput: wrk against POST /v1/documents with the license, on a release
# `qujat serve` (workers = cores). Prints requests/s, latency p50/p99, status counts, socket
# errors and the server's peak RSS, at 2 and 32 connections and at 10x overload
# (connections far beyond what the workers and queue hold).
#   Benchmarks/server.sh [--seconds N]     (default 10 per run)
set -euo pipefail
seconds=10
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        *) echo "usage: $0 [--seconds N]" >&2; exit 2 ;;
    esac
done
if ! command -v wrk >/dev/null; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends wrk >/dev/null
fi
source "$(dirname "${BASH_SOURCE[0]}")/release.sh"  # $root, $qujat
work="$(mktemp -d "${TMPDIR:-/tmp}/qujat-server-bench.XXXXXX")"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/post.lua" <<'LUA'
local file = io.open(os.getenv("QUJAT_CASE"), "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() ok = 0; busy = 0; other = 0 end
function response(status)
  if status == 200 then ok = ok + 1 elseif status == 429 or status == 503 then busy = busy + 1 else other = other + 1 end
end
function done(summary, latency)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other") end
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, o, b, x,
    e.connect + e.read + e.write, e.timeout))
end
LUA

start_server() { # extra arguments for qujat serve
    "$qujat" serve --port 0 --data "$work/data" "$@" > "$work/port" 2> "$work/server.log" &
    server=$!
    for _ in $(seq 1 100); do grep -q listening "$work/port" 2>/dev/null && break; sleep 0.1; done
    port=$(grep -o '[0-9]*$' "$work/port")
}
stop_server() {
    rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$server/status)
    kill -TERM "$server"; wait "$server" || true; server=""
}

export QUJAT_CASE="$root/Examples/license.json"
printf "%-26s %9s %9s %9s %8s %8s %7s %8s %8s %8s\n" run "req/s" "p50 ms" "p99 ms" "200" "429/503" other "sockerr" timeouts "RSS MB"
for spec in "2 connections|2|" "32 connections|32|" "10x overload (queue 8)|320|--queue 8"; do
    IFS='|' read -r name connections extra <<< "$spec"
    # shellcheck disable=SC2086
    start_server $extra
    wrk -t2 -c"$connections" -d2s -s "$work/post.lua" "http://127.0.0.1:$port/v1/documents" > /dev/null   # warm-up
    line=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/post.lua" "http://127.0.0.1:$port/v1/documents" | grep RESULT)
    stop_server
    read -r _ rps p50 p99 ok busy other sockerr timeouts <<< "$line"
    printf "%-26s %9s %9s %9s %8s %8s %7s %8s %8s %8s\n" "$name" "$rps" "$p50" "$p99" "$ok" "$busy" "$other" "$sockerr" "$timeouts" "$rss"
done
echo
echo "Targets (2 cores): >= 400 licenses/s, p99 < 25 ms at 2 connections; overload answered with 429s, no timeouts; RSS < 256 MB."
