# Sourced by the benchmark scripts: goes to the repository's root and builds the release
# `qujat` as the README does (the Swift runtime linked in); sets $root and $qujat.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
swift build -c release --static-swift-stdlib --product qujat 2>&1 | grep -v -e "pthread" -e "mktemp" >&2 || true
qujat="$(swift build -c release --show-bin-path)/qujat"
