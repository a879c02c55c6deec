#!/usr/bin/env bash
# Writes Sources/qujat/startup.order: the functions of the `qujat` binary that a cold render
# runs, one `.text.NAME` section per line. The release build gives it to gold
# (`--section-ordering-file`, Package.swift), which places those functions side by side at the
# start of the code: a cold render then touches fewer, denser code pages (about 1 ms of 20,
# docs/ARCHITECTURE.md, Start-up). Functions are found by running valgrind's callgrind (which
# needs a copy without DWARF 5 debug information) on a render of every sample case.
# A stale line names no section and is ignored; run this again after large changes.
#   Benchmarks/startup-order.sh            (needs valgrind: apt-get install -y valgrind)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/release.sh"  # $root, $qujat
command -v valgrind >/dev/null || { echo "needs valgrind: apt-get install -y valgrind" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/qujat-startup-order.XXXXXX")"
trap 'rm -rf "$work"' EXIT
objcopy --strip-debug "$qujat" "$work/qujat"
for case in "$root"/Examples/*.json; do
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$(basename "$case" .json).out" \
        "$work/qujat" render "$case" -o "$work/out.pdf" --templates "$root/Templates" --fonts "$root/Fonts" \
        >/dev/null 2>"$work/valgrind.log" || { tail -5 "$work/valgrind.log" >&2; exit 1; }
done
python3 - "$work" "$root/Sources/qujat/startup.order" <<'PY'
import glob, re, sys
work, target = sys.argv[1], sys.argv[2]
names = set()
for path in glob.glob(f"{work}/*.out"):
    objects, functions, current = {}, {}, None
    for line in open(path, errors="replace"):
        # Callgrind names each object and function once, "(id) name", then by "(id)" alone.
        match = re.match(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not match: continue
        kind, ident, name = match.groups()
        table = objects if kind.endswith("ob") else functions
        if name: table[ident] = name
        if kind == "ob": current = objects.get(ident)
        elif kind == "fn" and current == f"{work}/qujat":
            name = functions.get(ident, "")
            if name and not name.startswith("0x") and " " not in name: names.add(name)
with open(target, "w") as out:
    out.writelines(f".text.{name}\n" for name in sorted(names))
print(f"{len(names)} functions → {target}")
PY
