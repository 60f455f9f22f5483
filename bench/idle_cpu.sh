#!/usr/bin/env bash
# CPU used by the running window (Xvfb, llvmpipe): while the convolution demo animates, then once
# its slide has finished and nothing moves (the goal is 0), and on the Review screen.
#   bench/idle_cpu.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_MEASURE="${1:-10}"
work=$(mktemp -d)
Xvfb :78 -screen 0 1280x800x24 >/dev/null 2>&1 & XVFB_PID=$!
trap 'kill $APP_PID $XVFB_PID 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU share of one core over SECONDS_TO_MEASURE seconds.
measure() {
  local before after hz
  hz=$(getconf CLK_TCK)
  before=$(ticks "$1"); sleep "$SECONDS_TO_MEASURE"; after=$(ticks "$1")
  echo "scale=1; 100 * ($after - $before) / $hz / $SECONDS_TO_MEASURE" | bc -l
}
build/release/stride --db "$work/c.db" stats >/dev/null
# 676 output cells at 24 a second: the slide runs 28 s from the start.
DISPLAY=:78 build/release/stride --db "$work/c.db" --open lab:conv2d & APP_PID=$!
sleep 3
echo "lab:conv2d animating: $(measure $APP_PID) % of a core"
sleep $((32 - SECONDS_TO_MEASURE))
echo "lab:conv2d, slide finished: $(measure $APP_PID) % of a core"
kill $APP_PID; wait $APP_PID 2>/dev/null || true
DISPLAY=:78 build/release/stride --db "$work/c.db" & APP_PID=$!
sleep 3
echo "review, idle: $(measure $APP_PID) % of a core"
