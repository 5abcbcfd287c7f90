#!/usr/bin/env bash
# Whether two dyad binaries write the same output on every corpus at hand:
# input/ (the seed documents), ../shared/eval (the annotated documents,
# when present) and any folders named after the binaries (the bench's
# corpus, say). Each output file is compared by SHA-256 (report.html, which
# holds the run's timings, is left out); see tools/compare.sh, which this
# runs once per corpus without timing.
#
#   tools/same_output.sh OLD NEW [CORPUS...]
#
# A change meant to keep the output (a speed change, a refactoring) should
# leave all of them the same:
#
#   git worktree add /tmp/dyad-old HEAD~1
#   (cd /tmp/dyad-old && cargo build --release)
#   DYAD_BENCH_KEEP=/tmp/bench cargo bench --bench throughput
#   tools/same_output.sh /tmp/dyad-old/target/release/dyad \
#       target/release/dyad /tmp/bench/corpus
#
# Exit status 1 when some output differs, 2 on bad arguments.
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
old=$1 new=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
corpora=("$here/input")
if [ -d "$here/../shared/eval" ]; then
    corpora+=("$here/../shared/eval")
else
    echo "same_output.sh: ../shared/eval is absent: not compared" >&2
fi
corpora+=("$@")

status=0
for corpus in "${corpora[@]}"; do
    printf '%s: ' "$corpus"
    "$here/tools/compare.sh" "$old" "$new" "$corpus" 0 || status=1
done
exit "$status"
