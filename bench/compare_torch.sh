#!/usr/bin/env bash
# Runs `stride lab bench` and bench/torch_bench.py with the same thread count, one
# after the other, and prints a Markdown table with both and their ratio.
#   bench/compare_torch.sh [THREADS]      (default 2)
# Needs build/release/stride and Debian's python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
T="${1:-2}"
ours=$(build/release/stride lab bench --json --threads "$T")
theirs=$(/usr/bin/python3 bench/torch_bench.py --json --threads "$T")
/usr/bin/python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"threads {ours['threads']}; OpenBLAS sgemm 2048³: {ours['sgemm_gflops']:.0f} GFLOP/s; PyTorch {theirs['torch']}\n")
print("| case | Stride fwd | PyTorch fwd | ratio | Stride fwd+bwd | PyTorch fwd+bwd | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for s, t in zip(ours["cases"], theirs["cases"]):
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
