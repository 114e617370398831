"""PyTorch side of `pnpm bench` (tools/bench): a long-lived worker driven over stdin/stdout.

The TypeScript driver writes the training sets as raw little-endian float64 files and sends
one JSON request per line; each answer is one JSON line. Keeping one process alive lets the
driver interleave PyTorch's samples with the other frameworks' without paying torch's import
time per sample.

Requests:
  {"op": "init", "threads": 2, "sets": {"mnist": {"x": path, "y": path, "samples": m,
      "features": n, "outputs": k}, ...}}
  {"op": "matmul", "n": 256, "dtype": "float64"}          -> {"seconds": per product}
  {"op": "epoch", "set": "mnist", "dtype": "float64", "sizes": [...], "batchSize": 64,
      "loss": "ce", "lr": 0.1, "batches": b}               -> {"seconds": for b batches}
  {"op": "quit"}
"""

import json
import sys
import time

import numpy as np
import torch

SETS = {}


def answer(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def init(req):
    torch.set_num_threads(int(req["threads"]))
    for name, spec in req["sets"].items():
        m, n, k = spec["samples"], spec["features"], spec["outputs"]
        x = np.fromfile(spec["x"], dtype="<f8").reshape(m, n)
        y = np.fromfile(spec["y"], dtype="<f8").reshape(m, k)
        SETS[name] = {"x": torch.from_numpy(x), "y": torch.from_numpy(y)}
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


def matmul(req):
    n = req["n"]
    dtype = torch.float64 if req["dtype"] == "float64" else torch.float32
    g = torch.Generator().manual_seed(1)
    a = torch.randn(n, n, generator=g, dtype=dtype)
    b = torch.randn(n, n, generator=g, dtype=dtype)
    c = torch.empty(n, n, dtype=dtype)
    torch.mm(a, b, out=c)
    calls = 0
    start = time.perf_counter()
    while True:
        torch.mm(a, b, out=c)
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= 0.1:
            return {"seconds": elapsed / calls}


def epoch(req):
    dtype = torch.float64 if req["dtype"] == "float64" else torch.float32
    data = SETS[req["set"]]
    x_all = data["x"].to(dtype)
    y_all = data["y"].to(dtype)
    classification = req["loss"] == "ce"
    labels = y_all.argmax(dim=1) if classification else None
    torch.manual_seed(42)
    sizes = req["sizes"]
    modules = []
    for i in range(len(sizes) - 1):
        modules.append(torch.nn.Linear(sizes[i], sizes[i + 1]).to(dtype))
        if i < len(sizes) - 2:
            modules.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*modules)
    opt = torch.optim.SGD(net.parameters(), lr=req["lr"])
    batch = req["batchSize"]
    m = x_all.shape[0]
    perm = torch.randperm(m, generator=torch.Generator().manual_seed(7))
    start = time.perf_counter()
    for b in range(req["batches"]):
        idx = perm[b * batch:(b + 1) * batch]
        xb = x_all[idx]
        opt.zero_grad()
        out = net(xb)
        if classification:
            loss = torch.nn.functional.cross_entropy(out, labels[idx])
        else:
            loss = ((out - y_all[idx]) ** 2).sum(dim=1).mean()
        loss.backward()
        opt.step()
        loss.item()
    return {"seconds": time.perf_counter() - start}


def main():
    ops = {"init": init, "matmul": matmul, "epoch": epoch}
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "quit":
            break
        try:
            answer(ops[req["op"]](req))
        except Exception as e:  # reported to the driver, which skips the figure
            answer({"error": f"{type(e).__name__}: {e}"})


if __name__ == "__main__":
    main()
