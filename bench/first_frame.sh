#!/usr/bin/env bash
# Time from starting `stride` to its first frame on screen, with a 100,000-card
# collection and with the built-in deck only. Uses one Xvfb server for all runs
# so its own start-up is not counted.
#   bench/first_frame.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
work=$(mktemp -d)
trap 'kill $XVFB_PID 2>/dev/null; rm -rf "$work"' EXIT
build/release/stride_store_bench "$work/big.db" 100000 >/dev/null 2>&1
build/release/stride --db "$work/small.db" stats >/dev/null
Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 & XVFB_PID=$!
sleep 1
for db in big small; do
  build/release/stride --db "$work/$db.db" stats >/dev/null  # daily backup done before timing
  printf '%-6s' "$db"
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    DISPLAY=:77 STRIDE_EXIT_AFTER_FIRST_FRAME=1 build/release/stride --db "$work/$db.db"
    e=$(date +%s.%N)
    printf ' %.3f' "$(echo "$e - $s" | bc -l)"
  done
  printf '  s (%s cards)\n' "$(sqlite3 "$work/$db.db" 'SELECT COUNT(*) FROM cards')"
done
