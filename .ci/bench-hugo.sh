#!/usr/bin/env bash
# Times briefing against Hugo on generated corpora, as the README's
# Performance section reports. Not part of CI: it takes minutes.
#
# usage: .ci/bench-hugo.sh [N ...]        default: 1000 5000 10000 20000 50000
# needs: hugo (apt-get install hugo), python3 (for the medians)
# Corpora come from cmd/gen-corpus (seed 1, 600 words), made afresh in a
# temporary directory and removed at the end.
# RUNS=3 by default; builds alternate, outputs go to /dev/shm (tmpfs).
# The CPU ratio (user + system time) is steadier than the time ratio on a
# machine that other work shares.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${*:-1000 5000 10000 20000 50000}
runs=${RUNS:-3}
log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$work" "$log" /dev/shm/bench-b /dev/shm/bench-h /dev/shm/bench-cp' EXIT
# Each build's extraction cache goes to the work directory, removed with it.
export XDG_CACHE_HOME=$work/cache
bin=$work/briefing
go build -o "$bin" ./cmd/briefing
go build -o "$work/gen-corpus" ./cmd/gen-corpus
for n in $sizes; do
  corpus=$work/corpus-$n
  "$work/gen-corpus" "$n" "$corpus"
  for _ in $(seq "$runs"); do
    rm -rf /dev/shm/bench-b /dev/shm/bench-h /dev/shm/bench-cp
    /usr/bin/time -f "briefing $n %e %M %U %S" -a -o "$log" "$bin" build -full -site "$corpus/briefing" -out /dev/shm/bench-b 2>/dev/null
    (cd "$corpus/hugo" && /usr/bin/time -f "hugo $n %e %M %U %S" -a -o "$log" hugo --quiet -d /dev/shm/bench-h)
    /usr/bin/time -f "cp $n %e %M %U %S" -a -o "$log" cp -r /dev/shm/bench-b /dev/shm/bench-cp
  done
  echo "bytes-briefing $n $(du -sb /dev/shm/bench-b | cut -f1) 0 0 0" >>"$log"
  echo "bytes-hugo $n $(du -sb /dev/shm/bench-h | cut -f1) 0 0 0" >>"$log"
  rm -rf /dev/shm/bench-b /dev/shm/bench-h /dev/shm/bench-cp "$corpus"
done
python3 - "$log" <<'PY'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    tool, n, secs, kb, user, system = line.split()
    runs[tool, int(n)].append((float(secs), int(kb), float(user) + float(system)))
med = lambda xs: statistics.median(xs)
print("| briefings | briefing (s) | Hugo (s) | time ratio | briefing RSS (MB) | Hugo RSS (MB) | RSS ratio | cp -r of output (s) | × cp -r | CPU ratio | output per briefing (kB) | Hugo's (kB) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({n for _, n in runs}):
    bt, bm = med([s for s, _, _ in runs["briefing", n]]), med([k for _, k, _ in runs["briefing", n]]) / 1024
    ht, hm = med([s for s, _, _ in runs["hugo", n]]), med([k for _, k, _ in runs["hugo", n]]) / 1024
    ct = med([s for s, _, _ in runs["cp", n]])
    cpu = med([c for _, _, c in runs["briefing", n]]) / med([c for _, _, c in runs["hugo", n]])
    bb, hb = runs["bytes-briefing", n][0][0] / n / 1000, runs["bytes-hugo", n][0][0] / n / 1000
    print(f"| {n} | {bt:.2f} | {ht:.2f} | {bt/ht:.2f} | {bm:.0f} | {hm:.0f} | {bm/hm:.2f} | {ct:.2f} | {bt/max(ct, 0.01):.1f} | {cpu:.2f} | {bb:.1f} | {hb:.1f} |")
PY
