#!/usr/bin/env bash
# Times incremental builds on generated corpora, as the README's
# Performance section reports. Not part of CI: it takes minutes.
#
# usage: .ci/bench-incremental.sh [N ...]     default: 1000 10000
# needs: python3 (for the medians)
# For each size: RUNS (3 by default) clean builds (-full), then RUNS of each of
# - nothing changed: build again;
# - cp -r of the output, the yardstick of "nothing changed";
# - one briefing changed: a word of one briefing's title, a different
#   briefing each run;
# and after the last, a clean build into another directory that must equal
# the incremental output byte for byte (diff -r), or the script fails.
# Outputs go to /dev/shm (tmpfs); the extraction cache to the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${*:-1000 10000}
runs=${RUNS:-3}
log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$work" "$log" /dev/shm/bench-inc /dev/shm/bench-inc-clean /dev/shm/bench-inc-cp /dev/shm/.bench-inc.spare' EXIT
export XDG_CACHE_HOME=$work/cache
bin=$work/briefing
go build -o "$bin" ./cmd/briefing
go build -o "$work/gen-corpus" ./cmd/gen-corpus
for n in $sizes; do
  corpus=$work/corpus-$n
  "$work/gen-corpus" "$n" "$corpus"
  site=$corpus/briefing
  # RUNS clean builds, each from nothing (no output, no spare beside
  # it): the yardstick of "one changed".
  for run in $(seq "$runs"); do
    rm -rf /dev/shm/bench-inc /dev/shm/.bench-inc.spare
    /usr/bin/time -f "clean $n %e %M %U %S" -a -o "$log" "$bin" build -full -site "$site" -out /dev/shm/bench-inc 2>/dev/null
  done
  for run in $(seq "$runs"); do
    /usr/bin/time -f "nothing $n %e %M %U %S" -a -o "$log" "$bin" build -site "$site" -out /dev/shm/bench-inc 2>/dev/null
    rm -rf /dev/shm/bench-inc-cp
    /usr/bin/time -f "cp $n %e %M %U %S" -a -o "$log" cp -r /dev/shm/bench-inc /dev/shm/bench-inc-cp
    # A briefing in the middle of the archive, another each run.
    md=$(ls "$site/content/briefings" | sed -n "$((n / 2 + run))p")
    sed -i 's/^title: "/title: "Edited /' "$site/content/briefings/$md"
    /usr/bin/time -f "one $n %e %M %U %S" -a -o "$log" "$bin" build -site "$site" -out /dev/shm/bench-inc 2>/dev/null
  done
  rm -rf /dev/shm/bench-inc-clean
  "$bin" build -full -site "$site" -out /dev/shm/bench-inc-clean 2>/dev/null
  diff -r /dev/shm/bench-inc /dev/shm/bench-inc-clean >/dev/null || { echo "size $n: the incremental output differs from a clean build" >&2; exit 1; }
  rm -rf /dev/shm/bench-inc /dev/shm/.bench-inc.spare /dev/shm/bench-inc-clean /dev/shm/bench-inc-cp "$corpus"
done
python3 - "$log" <<'PY'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    what, n, secs, kb, user, system = line.split()
    runs[what, int(n)].append((float(secs), int(kb)))
med = lambda what, n: statistics.median(s for s, _ in runs[what, n])
print("| briefings | clean (s) | nothing changed (s) | cp -r (s) | × cp -r | one briefing changed (s) | × clean | RSS, one changed (MB) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({n for _, n in runs}):
    clean, nothing, cp, one = med("clean", n), med("nothing", n), med("cp", n), med("one", n)
    rss = statistics.median(k for _, k in runs["one", n]) / 1024
    print(f"| {n} | {clean:.2f} | {nothing:.2f} | {cp:.2f} | {nothing/max(cp, 0.01):.1f} | {one:.2f} | {one/clean:.2f} | {rss:.0f} |")
PY
