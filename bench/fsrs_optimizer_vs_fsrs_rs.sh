#!/usr/bin/env bash
# Times `stride fsrs optimize` against fsrs-rs (the optimiser Anki ships, through its Node binding
# @open-spaced-repetition/binding 0.5.0; tests/fixtures/fsrs/gen_optimizer_reference.mjs) on the same
# review log, whole runs both (read the log, fit, score defaults and optimum), and scores Stride's
# parameters with fsrs-rs's own evaluate.
#   bench/fsrs_optimizer_vs_fsrs_rs.sh [LOG.csv] [RUNS]
# Needs build/release/stride and `npm ci` once in tests/fixtures/fsrs.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG="$(realpath "${1:-../shared/fixtures/revlogs/anki_author_days.csv}")"
RUNS="${2:-5}"
STRIDE="$PWD/build/release/stride"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# shellcheck source=bench/timing.sh
. bench/timing.sh
field() { node -e "const j=JSON.parse(require('fs').readFileSync('$1','utf8')); console.log($2)"; }

ours=$(time_runs sh -c "'$STRIDE' fsrs optimize --revlog '$LOG' --json > '$out/ours.json'")
cd tests/fixtures/fsrs
theirs=$(time_runs sh -c "node gen_optimizer_reference.mjs < '$LOG' > '$out/theirs.json'")
node gen_optimizer_reference.mjs --parameters "$(field "$out/ours.json" "j.parameters.join(',')")" < "$LOG" > "$out/scored.json"
stride_ll=$(field "$out/scored.json" "j.given.metrics.log_loss")
fsrs_ll=$(field "$out/theirs.json" "j.optimized.log_loss")
default_ll=$(field "$out/theirs.json" "j.default.log_loss")
printf 'log %s (%d reviews), median of %d whole runs, %s\n' "$(basename "$LOG")" "$(($(wc -l < "$LOG") - 1))" "$RUNS" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf 'stride fsrs optimize  %.3f s   (its own timer, read+fit+score: %s s)\n' "$ours" "$(field "$out/ours.json" "j.seconds.toFixed(3)")"
printf 'fsrs-rs (node %s)  %.3f s   (computeParameters alone %s s)\n' "$(node --version)" "$theirs" \
  "$(field "$out/theirs.json" "j.seconds")"
printf 'log loss by fsrs-rs evaluate: defaults %.4f, fsrs-rs optimum %.4f, Stride optimum %.4f (%+.2f %%)\n' \
  "$default_ll" "$fsrs_ll" "$stride_ll" "$(echo "($stride_ll / $fsrs_ll - 1) * 100" | bc -l)"
