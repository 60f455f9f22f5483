#!/usr/bin/env bash
# Live training's cost: FashionNet, one epoch on all 60,000 Fashion-MNIST images (Adam, batch 64,
# the defaults), trained by `stride lab train` and by the window (stride_training_frames: the real
# App offscreen, drawing a frame per progress event), alternately ROUNDS times. Prints each run's
# images/s, the window's frame times, and the ratio of the medians. Figures: docs/BENCHMARKS.md.
#   bench/training_throughput.sh [ROUNDS] [BUILD_DIR]
set -euo pipefail
rounds=${1:-3}
build=${2:-build/release}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -m1 "model name" /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "cores: $(nproc)"
cli=() window=()
for ((i = 1; i <= rounds; i++)); do
  c=$("$build/stride" --db "$tmp/c.db" lab train --model fashionnet --epochs 1 --json |
      sed -n 's/.*"images_per_s":\([0-9.]*\).*/\1/p')
  out=$("$build/stride_training_frames" 1)
  w=$(sed -n 's/^window: epoch 1  \([0-9]*\) images\/s.*/\1/p' <<<"$out")
  frames=$(grep '^frames while training' <<<"$out")
  printf 'round %d: stride lab train %.0f images/s | window %.0f images/s | %s\n' "$i" "$c" "$w" "$frames"
  cli+=("$c")
  window+=("$w")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mc=$(median "${cli[@]}")
mw=$(median "${window[@]}")
awk -v c="$mc" -v w="$mw" 'BEGIN {printf "median: stride lab train %.0f images/s, window %.0f images/s: %.1f %%\n", c, w, 100 * w / c}'
