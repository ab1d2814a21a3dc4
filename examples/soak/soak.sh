#!/bin/sh
# The soak-test gate in one script: start the load, record the server with
# leak-score while it serves it, and exit with leak-score's verdict.
#
#   sh examples/soak/soak.sh             # the fixed server: PASS, exit 0
#   LEAK=1 sh examples/soak/soak.sh      # the leaking server: FAIL, exit 1
#   sh examples/soak/soak.sh --format json   # extra flags go to leak-score
#
# Time is compressed so the example runs in about 15 s: a sample every 100 ms
# instead of every 30 s, 12 s of recording instead of an hour, and rates
# scaled to match (a real leak of a few MiB an hour shows here as several MiB
# a second). See README.md in this folder for the values to use in a real soak.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# LEAK_SCORE names the CLI; in a project that depends on leak-score use "npx leak-score".
leak_score=${LEAK_SCORE:-"node $here/../../bin/leak-score.js"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${OUT:-$work/soak.jsonl}

# The load waits for the port file the server writes, then sends 80 requests a
# second until the server goes away. Its report goes to stderr, beside the server's.
node "$here/load.mjs" "$work/port" 80 60 >&2 &
load=$!

# LEAK and PORT_FILE reach the server through leak-score's environment.
export PORT_FILE="$work/port"
status=0
$leak_score record \
  --interval 100ms --duration 12s \
  --skip 4s --window 50 --min-samples 10 \
  --moderate 1800 --severe 3600 --leak-for 2s --gate leak \
  --out "$out" "$@" -- node "$here/server.mjs" || status=$?

kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
exit "$status"
