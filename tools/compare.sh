#!/usr/bin/env bash
# Compares two dyad binaries on one corpus: whether they write the same
# files, and how long each takes in one thread, runs alternating so that
# both see the same host (on a shared machine the rate of one build drifts
# by up to a fifth over an hour; two builds timed minutes apart say more
# about the host than about the builds).
#
#   tools/compare.sh OLD NEW CORPUS [ROUNDS]
#
# OLD and NEW are dyad binaries (e.g. a build of the last release and
# target/release/dyad), CORPUS a folder of documents (the bench's corpus:
# `DYAD_BENCH_KEEP=/tmp/bench cargo bench --bench throughput` leaves it in
# /tmp/bench/corpus). ROUNDS (default 5) timed runs of each, best kept;
# 0 for the output check alone (tools/same_output.sh runs it that way).
# OLD_FLAGS / NEW_FLAGS: extra options for each (e.g. NEW_FLAGS=--no-report
# to compare with a build that wrote no report).
#
# Output: `same output` or the files that differ (by SHA-256 of each
# output file; report.html, which holds the run's timings, is left out),
# then each build's best wall and user time and the ratio NEW / OLD.
# Exit status 1 when the outputs differ.
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
old=$1 new=$2 corpus=$3 rounds=${4:-5}
for b in "$old" "$new"; do
    [ -x "$b" ] || { echo "compare.sh: $b is not an executable" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "compare.sh: $corpus is not a folder" >&2; exit 2; }
command -v sha256sum >/dev/null || { echo "compare.sh: needs sha256sum" >&2; exit 2; }
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -f '%e %U'); else
    echo "compare.sh: needs /usr/bin/time (GNU time) for CPU time" >&2; exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # binary flags out -> "wall user" on stdout
    local bin=$1 flags=$2 out=$3
    rm -rf "$out"
    # shellcheck disable=SC2086
    "${timer[@]}" -o "$work/time" "$bin" "$corpus" -o "$out" --quiet --threads 1 $flags \
        || [ $? -eq 2 ]   # 2: some documents skipped, still a run
    tail -n 1 "$work/time"
}

hashes() { # output folder -> one line a file: hash and name
    (cd "$1" && find . -type f ! -name report.html -print0 | sort -z \
        | xargs -0 sha256sum)
}

run "$old" "${OLD_FLAGS:-}" "$work/old" >/dev/null
run "$new" "${NEW_FLAGS:-}" "$work/new" >/dev/null
differ=0
if diff <(hashes "$work/old") <(hashes "$work/new") >"$work/diff"; then
    echo "same output ($(hashes "$work/new" | wc -l) files)"
else
    differ=1
    echo "outputs differ:"
    grep '^[<>]' "$work/diff" | awk '{print $1, $3}' | sort -k2 | uniq -f1 -c \
        | awk '{print "  " $3}' | sort -u
fi

[ "$rounds" -gt 0 ] || exit "$differ"
for _ in $(seq "$rounds"); do
    echo "old $(run "$old" "${OLD_FLAGS:-}" "$work/old")"
    echo "new $(run "$new" "${NEW_FLAGS:-}" "$work/new")"
done | awk -v rounds="$rounds" '
    { if (!($1 in wall) || $2 < wall[$1]) wall[$1] = $2
      if (!($1 in user) || $3 < user[$1]) user[$1] = $3 }
    END {
      printf "best of %d, one thread: old %.2f s (%.2f s user), new %.2f s (%.2f s user)\n",
             rounds, wall["old"], user["old"], wall["new"], user["new"]
      printf "new / old: wall %.3f, user %.3f\n", wall["new"] / wall["old"], user["new"] / user["old"]
    }'
exit "$differ"
