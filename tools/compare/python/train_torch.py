"""Trains the network described by an mfnet comparison manifest in PyTorch.

mfnet's `tools/compare` writes the manifest: the architecture, the optimizer, the data (raw
little-endian arrays), the initial weights (mfnet's augmented matrices) and the batch order of
every epoch. This script trains the same network on the same batches from the same weights and
prints one JSON object: the loss of every step, and per epoch the mean train loss, the test
metric, the seconds taken and the peak memory.
"""

import json
import resource
import sys
import time

import numpy as np
import torch


def load_array(spec, base):
    dtype = {"u8": np.uint8, "f64": np.float64, "f32": np.float32, "i32": np.int32}[spec["dtype"]]
    data = np.fromfile(base + "/" + spec["file"], dtype=dtype).reshape(spec["shape"])
    return data


def main():
    manifest_path = sys.argv[1]
    base = manifest_path.rsplit("/", 1)[0]
    with open(manifest_path) as f:
        m = json.load(f)
    torch.set_num_threads(m.get("threads", 1))
    dtype = torch.float64 if m["dtype"] == "float64" else torch.float32
    np_dtype = np.float64 if m["dtype"] == "float64" else np.float32

    def features(spec):
        x = load_array(spec, base)
        x = x.astype(np.float64)
        if spec.get("scale") is not None:
            x = x / spec["scale"]
        return torch.from_numpy(x.astype(np_dtype))

    x_train = features(m["data"]["trainX"])
    y_train = torch.from_numpy(load_array(m["data"]["trainY"], base).astype(np_dtype))
    x_test = features(m["data"]["testX"])
    y_test = torch.from_numpy(load_array(m["data"]["testY"], base).astype(np_dtype))
    order = load_array(m["order"], base).astype(np.int64)  # epochs × samples: the batch order

    acts = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh,
            "leaky_relu": lambda: torch.nn.LeakyReLU(0.01), "identity": torch.nn.Identity}
    sizes = m["sizes"]
    modules = []
    linears = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1]).to(dtype)
        w = load_array(m["weights"][i], base).astype(np_dtype)  # (out+1)×(in+1), row 0 = [1, 0…]
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w[1:, 1:]))
            lin.bias.copy_(torch.from_numpy(w[1:, 0]))
        modules.append(lin)
        linears.append(lin)
        if i < len(sizes) - 2:
            modules.append(acts[m["activation"]]())
    net = torch.nn.Sequential(*modules)

    o = m["optimizer"]
    if o["name"] == "adam":
        opt = torch.optim.Adam(net.parameters(), lr=o["lr"], betas=tuple(o.get("betas", [0.9, 0.999])),
                               eps=o.get("eps", 1e-8), weight_decay=o.get("weightDecay", 0))
    else:
        opt = torch.optim.SGD(net.parameters(), lr=o["lr"], momentum=o.get("momentum", 0),
                              weight_decay=o.get("weightDecay", 0))

    classification = m["task"] == "classification"

    def loss_fn(out, y):
        if classification:
            # mfnet's CE: mean over samples of −Σ y·log softmax (targets may be any distribution).
            return -(y * torch.log_softmax(out, dim=1)).sum(dim=1).mean()
        # mfnet's MSE (Eq. 4.1): squared error summed over outputs, averaged over samples.
        return ((out - y) ** 2).sum(dim=1).mean()

    step_losses = []
    epochs = []
    batch = m["batchSize"]
    n = x_train.shape[0]
    for epoch in range(m["epochs"]):
        start = time.perf_counter()
        perm = order[epoch]
        total, count = 0.0, 0
        for b0 in range(0, n, batch):
            idx = torch.from_numpy(perm[b0:b0 + batch])
            xb, yb = x_train[idx], y_train[idx]
            opt.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            if o.get("maxGradNorm") is not None:
                if o["name"] == "adam":
                    # mfnet's apps clip the global norm for Adam, as torch does.
                    torch.nn.utils.clip_grad_norm_(net.parameters(), o["maxGradNorm"])
                else:
                    # mfnet's SGD clips each tensor (paper, Sec. 5.2): g ← g·max/‖g‖ when ‖g‖ > max.
                    for p in net.parameters():
                        norm = p.grad.norm()
                        if norm > o["maxGradNorm"]:
                            p.grad.mul_(o["maxGradNorm"] / norm)
            opt.step()
            value = loss.item()
            if len(step_losses) < m.get("recordSteps", 100):
                step_losses.append(value)
            total += value * len(idx)
            count += len(idx)
        seconds = time.perf_counter() - start
        with torch.no_grad():
            out = net(x_test)
            if classification:
                metric = {"accuracy": (out.argmax(dim=1) == y_test.argmax(dim=1)).double().mean().item()}
            else:
                err = out - y_test
                mse = (err ** 2).mean().item()
                var = ((y_test - y_test.mean()) ** 2).mean().item()
                metric = {"rmse": mse ** 0.5, "r2": 1 - mse / var}
        epochs.append({"epoch": epoch + 1, "trainLoss": total / count, "seconds": seconds, **metric})
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump({"framework": "pytorch " + torch.__version__, "stepLosses": step_losses,
               "epochs": epochs, "peakMemoryMB": peak_mb, "threads": torch.get_num_threads()}, sys.stdout)


if __name__ == "__main__":
    main()
