#!/usr/bin/env bash
# A night batch's memory over time: one `qujat batch --merge --jobs 2` over N mixed documents
# (every sample case in turn, 8 print groups; license-family cases numbered apart), its RSS
# sampled every 0.2 s from /proc with the documents committed so far (journal lines). Prints
# RSS at each tenth of the batch and the growth per 1 000 documents over its second half:
# flat memory means that growth is small and bounded by design (the print files'
# cross-reference offsets, about 0.5 KB a document), not by the documents' size.
#   Benchmarks/batch-memory.sh [--count N] [--jobs N]      (default 20000, 2)
set -euo pipefail
count=20000; jobs=2
while [ $# -gt 0 ]; do
    case "$1" in
        --count) count="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        *) echo "usage: $0 [--count N] [--jobs N]" >&2; exit 2 ;;
    esac
done
source "$(dirname "${BASH_SOURCE[0]}")/release.sh"  # $root, $qujat
work="$(mktemp -d "${TMPDIR:-/tmp}/qujat-batch-memory.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 - "$root/Examples" "$work/mixed.jsonl" "$count" <<'PY'
import json, os, sys
examples, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = {f[:-5]: json.load(open(os.path.join(examples, f))) for f in sorted(os.listdir(examples)) if f.endswith(".json")}
names = sorted(cases)
with open(path, "w") as out:
    for i in range(count):
        case = json.loads(json.dumps(cases[names[i % len(names)]]))
        if isinstance(case.get("license"), dict):
            case["license"]["number"] = "KZ12LAA" + str(12345 + i).zfill(8)
        out.write(json.dumps({"id": f"doc-{i:05d}", "group": f"dept-{i % 8}", "case": case}, ensure_ascii=False) + "\n")
PY

"$qujat" batch "$work/mixed.jsonl" --out "$work/out" --jobs "$jobs" --merge --progress none 2>"$work/stderr" &
pid=$!
python3 - "$pid" "$work/out/.qujat-batch.jsonl" "$count" "$work/samples" <<'PY'
import os, sys, time
pid, journal, count, samples = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
start, rows = time.monotonic(), []
def lines():
    try:
        with open(journal, "rb") as f: return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except FileNotFoundError: return 0
while True:
    try:
        with open(f"/proc/{pid}/status") as f: status = f.read()
    except FileNotFoundError: break
    rss = next((int(l.split()[1]) for l in status.splitlines() if l.startswith("VmRSS:")), None)
    if rss is None: break  # a zombie: the batch has ended
    rows.append((time.monotonic() - start, lines(), rss / 1024))
    time.sleep(0.2)
with open(samples, "w") as out:
    for t, done, rss in rows: out.write(f"{t:.2f} {done} {rss:.1f}\n")
PY
wait "$pid" || { cat "$work/stderr" >&2; echo "the batch failed" >&2; exit 1; }

python3 - "$work/samples" "$count" "$jobs" "$work/out/summary.json" <<'PY'
import json, sys
rows = [tuple(float(x) for x in line.split()) for line in open(sys.argv[1])]
count, jobs, summary = int(sys.argv[2]), int(sys.argv[3]), json.load(open(sys.argv[4]))
print(f"{count} mixed documents, 8 print groups, --merge --jobs {jobs}: {summary['seconds']:.1f} s, "
      f"{summary['pages']} pages, {len(rows)} samples")
print(f"{'documents':>10} {'seconds':>8} {'RSS MB':>7}")
for tenth in range(1, 11):
    want = count * tenth / 10
    # The sample nearest that many documents (the journal has one line per document).
    t, done, rss = min(rows, key=lambda r: abs(r[1] - want))
    print(f"{int(done):>10} {t:>8.1f} {rss:>7.1f}")
peak = max(r[2] for r in rows)
half = [r for r in rows if r[1] >= count / 2]
if len(half) >= 2 and half[-1][1] > half[0][1]:
    (t0, d0, r0), (t1, d1, r1) = half[0], max(half, key=lambda r: r[1])
    per = (r1 - r0) / (d1 - d0) * 1000
    print(f"peak {peak:.1f} MB; second half: {r0:.1f} → {r1:.1f} MB over {int(d1 - d0)} documents, "
          f"{per * 1024:.0f} KB per 1 000 documents")
else:
    print(f"peak {peak:.1f} MB (the batch ended before a second half was sampled)")
PY
