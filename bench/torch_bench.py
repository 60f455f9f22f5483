#!/usr/bin/python3
"""PyTorch side of `stride lab bench`: the same kernel shapes, timed the same way
(one warm-up, then repetitions until 0.5 s and at least 5, median), and optionally
one FashionNet training epoch on Fashion-MNIST with the same settings as
`stride lab train` (Adam, lr 1e-3, batch 64, per-batch normalisation).

  /usr/bin/python3 bench/torch_bench.py [--threads 2] [--json] [--train-epochs 1]

Needs Debian's python3-torch (run with /usr/bin/python3). Not used by the tests.
"""
import argparse, gzip, json, struct, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F

CASES = [  # name, kind, n, cin, cout, hw, k, stride, pad, groups — as src/lab/kernel_bench.cpp
    ("conv 64,1->32,28 3x3", "conv", 64, 1, 32, 28, 3, 1, 1, 1),
    ("conv 64,32->64,14 3x3", "conv", 64, 32, 64, 14, 3, 1, 1, 1),
    ("conv 64,64->128,7 3x3", "conv", 64, 64, 128, 7, 3, 1, 1, 1),
    ("conv 32,3->64,56 3x3", "conv", 32, 3, 64, 56, 3, 1, 1, 1),
    ("conv 32,64->64,56 3x3", "conv", 32, 64, 64, 56, 3, 1, 1, 1),
    ("conv 32,256->64,28 1x1", "conv", 32, 256, 64, 28, 1, 1, 0, 1),
    ("conv 32,64->64,56 3x3 groups 64", "conv", 32, 64, 64, 56, 3, 1, 1, 64),
    ("maxpool 64,32,28 2x2", "maxpool", 64, 32, 32, 28, 2, 2, 0, 1),
    ("batchnorm 64,32,28", "batchnorm", 64, 32, 32, 28, 1, 1, 0, 1),
]


def time_ms(step, min_seconds=0.5):
    step()
    runs, start = [], time.perf_counter()
    while len(runs) < 5 or time.perf_counter() - start < min_seconds:
        t = time.perf_counter()
        step()
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return runs[len(runs) // 2]


def forward_flops(n, cin, cout, hw, k, stride, pad, groups):
    out = (hw + 2 * pad - k) // stride + 1
    return 2.0 * n * cout * out * out * (cin // groups) * k * k


def bench_case(name, kind, n, cin, cout, hw, k, stride, pad, groups):
    torch.manual_seed(1)
    if kind == "conv":
        layer = nn.Conv2d(cin, cout, k, stride=stride, padding=pad, groups=groups, bias=True)
    elif kind == "maxpool":
        layer = nn.MaxPool2d(k, stride=stride, padding=pad)
    else:
        layer = nn.BatchNorm2d(cin)
    layer.train()
    x = torch.randn(n, cin, hw, hw, requires_grad=True)
    with torch.no_grad():
        dy = torch.randn_like(layer(x))

    def fwd():
        with torch.no_grad():
            layer(x)

    def train():
        layer.zero_grad(set_to_none=False)
        x.grad = None
        layer(x).backward(dy)

    f_ms, t_ms = time_ms(fwd), time_ms(train)
    flops = forward_flops(n, cin, cout, hw, k, stride, pad, groups) if kind == "conv" else 0
    return {"name": name, "kind": kind, "forward_ms": f_ms, "train_ms": t_ms,
            "forward_gflops": flops / (f_ms * 1e6), "train_gflops": 3 * flops / (t_ms * 1e6)}


def load_idx(prefix, d="/usr/share/datasets/fashion-mnist"):
    with gzip.open(f"{d}/{prefix}-images-idx3-ubyte.gz") as f:
        _, n, r, c = struct.unpack(">IIII", f.read(16))
        x = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).reshape(n, 1, r, c)
    with gzip.open(f"{d}/{prefix}-labels-idx1-ubyte.gz") as f:
        f.read(8)
        y = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).long()
    return x, y


def fashionnet():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))


def normalise(xb):  # per batch, as stride's fill_batch
    xb = xb.float()
    return (xb - xb.mean()) / xb.std(unbiased=False).clamp_min(1e-3)


def train_fashionnet(epochs, batch=64, seed=1):
    torch.manual_seed(seed)
    xtr, ytr = load_idx("train")
    xte, yte = load_idx("t10k")
    model, results = fashionnet(), []
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(1, epochs + 1):
        model.train()
        perm = torch.randperm(len(xtr))
        t0, loss_sum, correct = time.perf_counter(), 0.0, 0
        for i in range(0, len(xtr), batch):
            idx = perm[i:i + batch]
            xb, yb = normalise(xtr[idx]), ytr[idx]
            opt.zero_grad()
            out = model(xb)
            loss = F.cross_entropy(out, yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
        seconds = time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            hits = sum((model(normalise(xte[i:i + 1000])).argmax(1) == yte[i:i + 1000]).sum().item()
                       for i in range(0, len(xte), 1000))
        results.append({"epoch": epoch, "train_loss": loss_sum / len(xtr), "train_acc": correct / len(xtr),
                        "test_acc": hits / len(xte), "seconds": seconds, "images_per_s": len(xtr) / seconds})
    return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", action="store_true")
    p.add_argument("--train-epochs", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(),
           "cases": [bench_case(*c) for c in CASES]}
    if a.train_epochs:
        out["train"] = train_fashionnet(a.train_epochs)
    if a.json:
        print(json.dumps(out))
        return
    print(f"torch {out['torch']}, threads {out['threads']}")
    for c in out["cases"]:
        print(f"{c['name']:34s} {c['forward_ms']:10.2f} {c['forward_gflops']:10.1f} "
              f"{c['train_ms']:12.2f} {c['train_gflops']:10.1f}")
    for e in out.get("train", []):
        print(json.dumps(e))


if __name__ == "__main__":
    sys.exit(main())
