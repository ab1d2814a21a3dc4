#!/bin/sh
# The soak-test gate in one script: start the load, record the server with
# leak-score while it serves it, and exit with leak-score's verdict.
#
#   sh examples/soak/soak.sh             # the fixed server: PASS, exit 0
#   LEAK=1 sh examples/soak/soak.sh      # the leaking server: FAIL, exit 1
#   sh examples/soak/soak.sh --format json   # extra flags go to leak-score
#   DURATION=5m sh examples/soak/soak.sh     # how long to soak (default 90s)
#
# No tuning flags: leak-score record samples every second, finds the warm-up
# itself and lets the robust trend verdict gate. Only the duration is chosen;
# see docs/soak.md for how long a soak must run to see how slow a leak.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# LEAK_SCORE names the CLI; in a project that depends on leak-score use "npx leak-score".
leak_score=${LEAK_SCORE:-"node $here/../../bin/leak-score.js"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${OUT:-$work/soak.jsonl}

duration=${DURATION:-90s}

# The load waits for the port file the server writes, then sends 80 requests a
# second until the server goes away (at most a day). Its report goes to stderr, beside the server's.
node "$here/load.mjs" "$work/port" 80 86400 >&2 &
load=$!

# LEAK and PORT_FILE reach the server through leak-score's environment.
export PORT_FILE="$work/port"
status=0
$leak_score record --duration "$duration" --out "$out" "$@" -- node "$here/server.mjs" || status=$?

kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
exit "$status"
