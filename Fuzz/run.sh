#!/usr/bin/env bash
# Builds the libFuzzer target and fuzzes for SECONDS (default 60), starting from every
# sample case. New inputs go to Fuzz/corpus/ (not committed); a crash is written to
# Fuzz/crash-* and the run exits non-zero.   Fuzz/run.sh [SECONDS] [libFuzzer flags…]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}; shift || true
swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld 2>&1 | { grep -v "prohibited flag" || true; }
bin="$(swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld --show-bin-path)/qujat-fuzz"
mkdir -p corpus seeds
cp ../Examples/*.json seeds/
exec "$bin" corpus seeds -max_total_time="$seconds" -max_len=65536 -dict=json.dict -artifact_prefix=./crash- "$@"
