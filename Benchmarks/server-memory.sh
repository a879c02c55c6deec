#!/usr/bin/env bash
# Server memory under hostile load: 1 MB cases (a license annex with thousands of
# specialties), first 40 sent one after another, then 200 clients sending them at once for
# SECONDS. Prints the server's RSS when idle, its peak under each load, and its RSS after the
# load ends (sampled every 0.2 s from /proc), with the status counts and the design bound
# (workers + queue) × (body limit + one rendered document) + a constant.
#   Benchmarks/server-memory.sh [--seconds N] [--clients N] [--workers N] [--queue N]
set -euo pipefail
seconds=15; clients=200; workers=2; queue=8
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --workers) workers="$2"; shift 2 ;;
        --queue) queue="$2"; shift 2 ;;
        *) echo "usage: $0 [--seconds N] [--clients N] [--workers N] [--queue N]" >&2; exit 2 ;;
    esac
done
source "$(dirname "${BASH_SOURCE[0]}")/release.sh"  # $root, $qujat
work="$(mktemp -d "${TMPDIR:-/tmp}/qujat-memory-bench.XXXXXX")"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$qujat" serve --port 0 --data "$work/data" --workers "$workers" --queue "$queue" --max-body 2000000 \
    > "$work/port" 2> "$work/server.log" &
server=$!
for _ in $(seq 1 100); do grep -q listening "$work/port" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$work/port")
python3 "$root/Benchmarks/server_memory.py" --port "$port" --pid "$server" --seconds "$seconds" --clients "$clients" \
    --workers "$workers" --queue "$queue" --case "$root/Examples/license_annex.json"
