"""The per-epoch learning rates of PyTorch's schedulers for the sequences of
test/lr-schedules.test.ts: prints them as JSON. Run: python3 scripts/torch-lr-schedules.py

With --reimplemented (no torch at hand) it computes them with a transcription of PyTorch 1.13's
torch/optim/lr_scheduler.py get_lr formulas instead (Python floats, as the schedulers use)."""
import json
import math
import sys

PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.92, 0.91, 0.905, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]


def with_torch():
    import torch

    def lrs(make, epochs, metrics=None):
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        out = []
        for e in range(epochs):
            out.append(opt.param_groups[0]['lr'])
            opt.step()
            sched.step(metrics[e]) if metrics is not None else sched.step()
        return out

    S = torch.optim.lr_scheduler
    return {
        'step': lrs(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10),
        'exponential': lrs(lambda o: S.ExponentialLR(o, gamma=0.9), 10),
        'cosine': lrs(lambda o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.001), 12),
        'plateau': lrs(
            lambda o: S.ReduceLROnPlateau(
                o, mode='min', factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.01
            ),
            12,
            PLATEAU_METRICS,
        ),
        'version': torch.__version__,
    }


def reimplemented():
    def run(get_lr, epochs):
        lr, out = 0.1, []
        for e in range(epochs):
            out.append(lr)
            lr = get_lr(lr, e + 1)
        return out

    def cosine(lr, t, base=0.1, eta_min=0.001, T=4):
        if (t - 1 - T) % (2 * T) == 0:
            return lr + (base - eta_min) * (1 - math.cos(math.pi / T)) / 2
        return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (lr - eta_min) + eta_min

    lr, best, bad, cool, plateau = 0.1, math.inf, 0, 0, []
    for m in PLATEAU_METRICS:
        plateau.append(lr)
        if m < best * (1 - 0.01):
            best, bad = m, 0
        else:
            bad += 1
        if cool > 0:
            cool, bad = cool - 1, 0
        if bad > 1:
            new = max(lr * 0.5, 0.01)
            if lr - new > 1e-8:
                lr = new
            cool, bad = 1, 0
    return {
        'step': run(lambda lr, t: lr * 0.5 if t % 3 == 0 else lr, 10),
        'exponential': run(lambda lr, t: lr * 0.9, 10),
        'cosine': run(cosine, 12),
        'plateau': plateau,
        'version': 'reimplemented from torch 1.13 lr_scheduler.py',
    }


print(json.dumps(reimplemented() if '--reimplemented' in sys.argv else with_torch(), indent=1))
