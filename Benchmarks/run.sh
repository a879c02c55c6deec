#!/usr/bin/env bash
# Builds qujat-bench in release and runs it with the repository's Templates/, Fonts/ and
# Examples/. Arguments are passed through, e.g. `Benchmarks/run.sh --count 200 --flat 0`.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench_dir")"

swift build -c release --package-path "$bench_dir" >&2
bin="$(swift build -c release --package-path "$bench_dir" --show-bin-path)/qujat-bench"

exec "$bin" \
    --templates "$root/Templates" \
    --fonts "$root/Fonts" \
    --examples "$root/Examples" \
    --output "$bench_dir/.build/output" \
    "$@"
