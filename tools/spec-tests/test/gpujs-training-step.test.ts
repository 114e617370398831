import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { CELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { type Backend, createBackend, type Tensor } from '@mfnet/tensor';
import '@mfnet/tensor/gpujs'; // registers 'gpujs'
import type { GpujsBackend } from '@mfnet/tensor/gpujs';
import { describe, expect, it } from 'vitest';

/**
 * The gpu.js backend's training step, through its `stats()`: one read-back (the loss, with the
 * target checks' two numbers in the same read), and kernel results that stay bounded over many
 * steps whose batch size keeps changing. Run on gpu.js's cpu engine (the same kernels as WebGL,
 * in JavaScript), with a tiny network so that 10,000 steps stay fast. The backend is the door
 * (`createBackend`) in front of the gpu.js kernels; `stats()` lives on the kernels (`raw`).
 */
function gpujs(): { backend: Backend; raw: GpujsBackend } {
  const backend = createBackend('gpujs', { engine: 'cpu' });
  return { backend, raw: backend.raw as GpujsBackend };
}

function tinySetup(backend: Backend) {
  const net = new NeuralNetwork([
    new Linear(3, 5, { backend, seed: 1 }),
    new ReLU(),
    new Linear(5, 2, { backend, seed: 2 }),
  ]);
  const loss = new CELoss();
  const optimizer = new SGD(net.parameters(), { lr: 0.1 });
  const step = (x: Tensor, y: Tensor): number => {
    optimizer.zeroGrad();
    const j = loss.forward(net.forward(x), y);
    net.backward(loss.grad(), { inputGradient: false });
    optimizer.step();
    return j;
  };
  return { step };
}

/** A batch of m samples: 3 features under the bias row; one-hot targets of 2 classes. */
function batch(backend: Backend, m: number): { x: Tensor; y: Tensor } {
  const x = Array.from({ length: 4 * m }, (_, i) => (i < m ? 1 : Math.sin(i * 0.7)));
  const y = Array.from({ length: 3 * m }, (_, i) => {
    if (i < m) return 1;
    const sample = i % m;
    const positive = Math.sin((m + sample) * 0.7) > 0;
    return i < 2 * m === positive ? 1 : 0;
  });
  return { x: backend.fromHost(x, 4, m), y: backend.fromHost(y, 3, m) };
}

describe('the gpu.js training step (cpu engine)', () => {
  it('reads back exactly one thing per step: the loss (and the target checks with it)', () => {
    const { backend, raw } = gpujs();
    const { step } = tinySetup(backend);
    const { x, y } = batch(backend, 8);
    const first = step(x, y);
    step(x, y);
    const before = raw.stats();
    let last = first;
    for (let i = 0; i < 20; i++) last = step(x, y);
    const after = raw.stats();
    expect((after.reads - before.reads) / 20).toBe(1);
    expect((after.elementsRead - before.elementsRead) / 20).toBe(3);
    expect(after.uploads).toBe(before.uploads);
    expect(after.kernelsCompiled).toBe(before.kernelsCompiled);
    expect(last).toBeLessThan(first);
  });

  it('keeps its live kernel results bounded over 10,000 steps of changing batch sizes', () => {
    const { backend, raw } = gpujs();
    const { step } = tinySetup(backend);
    // Seven sizes in turn: more than the layers' and the loss's caches keep (4 each), so that
    // every step evicts one size's scratch, which must free its tensors.
    const batches = [1, 2, 3, 5, 8, 13, 21].map((m) => batch(backend, m));
    const live: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const { x, y } = batches[i % batches.length]!;
      expect(Number.isFinite(step(x, y))).toBe(true);
      if (i % 1000 === 999) live.push(raw.stats().liveTextures);
    }
    // Bounded: after the first thousand steps (every size seen, caches full) it never grows.
    expect(Math.max(...live)).toBe(live[0]);
    // And small: a few scratch tensors per layer and cached size, plus the data and parameters.
    expect(live[0]!).toBeLessThan(200);
  });
});
