#!/bin/sh
# Did this change make memory worse? Soak BASE (main's server) and HEAD (the
# branch's) side by side with soak.sh, then let `leak-score compare` decide.
#
#   sh examples/soak/compare.sh                  # fixed against fixed: SAME, exit 0
#   HEAD_LEAK=1 sh examples/soak/compare.sh      # fixed against the leak: WORSE, exit 1
#   DURATION=5m sh examples/soak/compare.sh      # how long each soak runs (default 2m)
#   sh examples/soak/compare.sh --format markdown    # extra flags go to compare
#
# In a real pipeline BASE is main's recording (an artifact of its last run,
# or a soak of main on the same runner) and HEAD the pull request's. Compare
# needs 8 floor points in the second half of each run after warm-up: at 1 s
# that is 2 minutes or more (docs/compare.md).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
leak_score=${LEAK_SCORE:-"node $here/../../bin/leak-score.js"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DURATION="${DURATION:-2m}"
export LEAK_SCORE="$leak_score"

# Both soaks at once, on the same machine: the same load on both. Their own
# verdicts go to the logs; compare's is the one that counts.
LEAK=${BASE_LEAK:-0} OUT="$work/base.jsonl" sh "$here/soak.sh" -q >"$work/base.log" 2>&1 &
base=$!
LEAK=${HEAD_LEAK:-0} OUT="$work/head.jsonl" sh "$here/soak.sh" -q >"$work/head.log" 2>&1 &
head=$!
wait "$base" || true
wait "$head" || true

$leak_score compare "$work/base.jsonl" "$work/head.jsonl" "$@"
