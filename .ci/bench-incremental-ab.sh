#!/usr/bin/env bash
# Times two builds of briefing against each other, alternating, as
# .ci/bench-incremental.sh times one: on a machine shared with other
# work, runs of one program after the other see different loads, and
# alternating them is the fairer comparison. Not part of CI.
#
# usage: .ci/bench-incremental-ab.sh OLD_BINARY NEW_BINARY [N ...]   default sizes: 1000 10000
# needs: python3 (for the medians)
# For each size: three clean builds (-full) of each, alternating; then
# RUNS (5 by default) rounds of: nothing changed (old, new), a cp -r of
# the output, and one briefing's title changed (old, new: the same
# briefing, another each round). Each program has its own output and
# cache; at the end each output must equal a clean build of its program
# byte for byte (diff -r). Outputs and caches go to /dev/shm (tmpfs).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
shift 2
sizes=${*:-1000 10000}
runs=${RUNS:-5}
work=$(mktemp -d /dev/shm/bench-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
log=$work/log
go build -o "$work/gen-corpus" ./cmd/gen-corpus
timed() { # what n which binary args...
  local what=$1 n=$2 which=$3 bin=$4
  shift 4
  XDG_CACHE_HOME=$work/cache-$which /usr/bin/time -f "$what $n $which %e %M %U %S" -a -o "$log" "$bin" "$@" >/dev/null 2>&1
}
for n in $sizes; do
  "$work/gen-corpus" "$n" "$work/corpus" >/dev/null
  site=$work/corpus/briefing
  for _ in 1 2 3; do
    for which in old new; do
      rm -rf "$work/out-$which" "$work/cache-$which"
      timed clean "$n" "$which" "${!which}" build -full -site "$site" -out "$work/out-$which"
    done
  done
  for run in $(seq "$runs"); do
    for which in old new; do timed nothing "$n" "$which" "${!which}" build -site "$site" -out "$work/out-$which"; done
    rm -rf "$work/cp"
    /usr/bin/time -f "cp $n - %e %M %U %S" -a -o "$log" cp -r "$work/out-old" "$work/cp"
    md=$(ls "$site/content/briefings" | sed -n "$((n / 2 + run))p")
    sed -i 's/^title: "/title: "Edited /' "$site/content/briefings/$md"
    for which in old new; do timed one "$n" "$which" "${!which}" build -site "$site" -out "$work/out-$which"; done
  done
  for which in old new; do
    rm -rf "$work/clean"
    XDG_CACHE_HOME=$work/cache-clean "${!which}" build -full -site "$site" -out "$work/clean" >/dev/null 2>&1
    diff -r "$work/out-$which" "$work/clean" >/dev/null || { echo "size $n: the $which program's incremental output differs from its clean build" >&2; exit 1; }
  done
  rm -rf "$work/corpus" "$work"/out-* "$work/clean" "$work/cp" "$work"/cache-*
done
python3 - "$log" <<'PY'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    what, n, which, secs, kb, user, system = line.split()
    runs[what, int(n), which].append((float(secs), int(kb), float(user) + float(system)))
print("| briefings | what | program | wall (s), each run | median wall (s) | median CPU (s) | peak RSS (MB) |")
print("|---:|---|---|---|---:|---:|---|")
order = {"clean": 0, "nothing": 1, "cp": 2, "one": 3}
for (what, n, which), v in sorted(runs.items(), key=lambda kv: (kv[0][1], order[kv[0][0]], kv[0][2] != "old")):
    print(f"| {n} | {what} | {which} | {' '.join(f'{s:.2f}' for s, _, _ in v)} | {statistics.median(s for s, _, _ in v):.2f} | "
          f"{statistics.median(c for _, _, c in v):.2f} | {min(k for _, k, _ in v) // 1024}-{max(k for _, k, _ in v) // 1024} |")
PY
