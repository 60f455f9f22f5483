#!/usr/bin/env bash
# Times `stride fsrs replay` and ts-fsrs (tests/fixtures/fsrs/gen_reference.mjs)
# on the same review log, in one run, and checks the outputs are identical.
#   bench/fsrs_replay_vs_tsfsrs.sh [LOG.csv] [RUNS]
# Needs build/release/stride and `npm ci` once in tests/fixtures/fsrs.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG="${1:-../shared/fixtures/revlogs/anki_author_days.csv}"
RUNS="${2:-7}"
STRIDE=build/release/stride
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# shellcheck source=bench/timing.sh
. bench/timing.sh

ours=$(time_runs sh -c "$STRIDE fsrs replay < '$LOG' > '$out/ours.csv'")
theirs=$(time_runs sh -c "cd tests/fixtures/fsrs && node gen_reference.mjs < '$(realpath "$LOG")' > '$out/theirs.csv'")
cmp -s "$out/ours.csv" "$out/theirs.csv" && same=identical || same=DIFFERENT
printf 'log %s (%d reviews), median of %d runs\n' "$LOG" "$(($(wc -l < "$LOG") - 1))" "$RUNS"
printf 'stride fsrs replay  %.3f s\nts-fsrs (node %s) %.3f s\nratio %.1fx; outputs %s\n' \
  "$ours" "$(node --version)" "$theirs" "$(echo "$theirs / $ours" | bc -l)" "$same"
