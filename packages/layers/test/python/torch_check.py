"""Checks mfnet's PyTorch export in PyTorch itself (called by test/torch-state-dict.test.ts).

    python3 torch_check.py job.json

job.json names the layers (as torch.nn.Sequential modules), the dtype, the safetensors file
mfnet wrote, an input (raw little-endian samples × features) and where to write:

1. mfnet → torch: `load_state_dict(strict=True)` of mfnet's file, then the model's outputs on
   the input (raw little-endian) to `mfnet_outputs`;
2. torch → mfnet: a fresh model with torch's own initialisation (seed 0), its state dict to
   `torch_weights` and its outputs to `torch_outputs`, for mfnet to load and compare.

Debian has no python3-safetensors, so the file format (8-byte little-endian header length, a
JSON header, the raw tensors) is read and written here by hand, as
`safetensors.torch.load_file` / `save_file` would.
"""

import json
import struct
import sys

import torch

DTYPES = {"F64": torch.float64, "F32": torch.float32}
NAMES = {torch.float64: "F64", torch.float32: "F32"}


def load_file(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        dtype = DTYPES[entry["dtype"]]
        tensors[name] = torch.frombuffer(raw, dtype=dtype).reshape(entry["shape"]).clone()
    return tensors


def save_file(tensors, path):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        little_endian = "<f8" if t.dtype == torch.float64 else "<f4"
        raw = t.detach().contiguous().numpy().astype(little_endian).tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def build(layers, dtype):
    modules = []
    for layer in layers:
        kind = layer["kind"]
        if kind == "linear":
            modules.append(torch.nn.Linear(layer["nIn"], layer["nOut"]))
        elif kind == "relu":
            modules.append(torch.nn.ReLU())
        elif kind == "leaky_relu":
            modules.append(torch.nn.LeakyReLU(layer["slope"]))
        elif kind == "sigmoid":
            modules.append(torch.nn.Sigmoid())
        elif kind == "tanh":
            modules.append(torch.nn.Tanh())
        elif kind == "identity":
            modules.append(torch.nn.Identity())
        else:
            raise ValueError("unknown layer kind " + kind)
    return torch.nn.Sequential(*modules).to(dtype)


def write_outputs(model, x, path):
    with torch.no_grad():
        y = model(x)
    with open(path, "wb") as f:
        f.write(y.to(torch.float64).numpy().astype("<f8").tobytes())


def main():
    torch.set_num_threads(1)  # a test on a shared machine: one core is plenty
    with open(sys.argv[1]) as f:
        job = json.load(f)
    dtype = DTYPES[job["dtype"]]
    with open(job["input"], "rb") as f:
        x = torch.frombuffer(bytearray(f.read()), dtype=torch.float64)
    x = x.reshape(-1, job["layers"][0]["nIn"]).to(dtype)

    model = build(job["layers"], dtype)
    model.load_state_dict(load_file(job["mfnet_weights"]), strict=True)
    write_outputs(model, x, job["mfnet_outputs"])

    torch.manual_seed(0)
    fresh = build(job["layers"], dtype)
    save_file(fresh.state_dict(), job["torch_weights"])
    write_outputs(fresh, x, job["torch_outputs"])
    print(json.dumps({"torch": torch.__version__}))


if __name__ == "__main__":
    main()
