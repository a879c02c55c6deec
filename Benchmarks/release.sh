# Sourced by the benchmark scripts: goes to the repository's root and builds the release
# `qujat` and `qujat-server` (which `qujat serve` runs) as the README does (the Swift runtime
# linked in); sets $root and $qujat.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for product in qujat qujat-server; do
    swift build -c release --static-swift-stdlib --product "$product" 2>&1 | grep -v -e "pthread" -e "mktemp" >&2 || true
done
qujat="$(swift build -c release --show-bin-path)/qujat"
