#!/usr/bin/env bash
# Runs `stride lab bench` and bench/torch_bench.py with the same thread count, alternately, REPS
# times each, and prints a Markdown table with the best run of each side per case and their ratio.
# Best-of-N because this machine is a VM whose speed drifts by 10-30 % from minute to minute (the
# sgemm peak alone moves between 145 and 198 GFLOP/s): the best run is the least disturbed one,
# and alternating gives both sides the same chances.
#   bench/compare_torch.sh [THREADS] [REPS]      (defaults 2 and 3)
# Needs build/release/stride and Debian's python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
T="${1:-2}"
REPS="${2:-3}"
ours=()
theirs=()
for _ in $(seq "$REPS"); do
  ours+=("$(build/release/stride lab bench --json --threads "$T")")
  theirs+=("$(/usr/bin/python3 bench/torch_bench.py --json --threads "$T")")
done
/usr/bin/python3 - "$REPS" "${ours[@]}" "${theirs[@]}" <<'PY'
import json, sys
reps = int(sys.argv[1])
runs = [json.loads(a) for a in sys.argv[2:]]
ours, theirs = runs[:reps], runs[reps:]

def best(side):
    out = []
    for i, c in enumerate(side[0]["cases"]):
        r = dict(c)
        for k in ("forward_gflops", "train_gflops"):
            if k in c:
                r[k] = max(run["cases"][i][k] for run in side)
        for k in ("forward_ms", "train_ms"):
            r[k] = min(run["cases"][i][k] for run in side)
        out.append(r)
    return out

s_cases, t_cases = best(ours), best(theirs)
sgemm = max(r["sgemm_gflops"] for r in ours)
print(f"threads {ours[0]['threads']}; best of {reps} runs each; OpenBLAS sgemm 2048³: {sgemm:.0f} GFLOP/s; "
      f"PyTorch {theirs[0]['torch']}\n")
print("| case | Stride fwd | PyTorch fwd | ratio | Stride fwd+bwd | PyTorch fwd+bwd | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for s, t in zip(s_cases, t_cases):
    assert s["name"] == t["name"], (s["name"], t["name"])
    if s["kind"] == "conv":
        cell = lambda r, k: f"{r[k + '_gflops']:.1f} GFLOP/s"
        fr, tr = s["forward_gflops"] / t["forward_gflops"], s["train_gflops"] / t["train_gflops"]
        print(f"| {s['name']} | {cell(s,'forward')} | {cell(t,'forward')} | {fr:.2f} | "
              f"{cell(s,'train')} | {cell(t,'train')} | {tr:.2f} |")
    else:
        fr, tr = t["forward_ms"] / s["forward_ms"], t["train_ms"] / s["train_ms"]
        print(f"| {s['name']} | {s['forward_ms']:.2f} ms | {t['forward_ms']:.2f} ms | {fr:.2f} | "
              f"{s['train_ms']:.2f} ms | {t['train_ms']:.2f} ms | {tr:.2f} |")
print("\nratio > 1: Stride faster.")
PY
