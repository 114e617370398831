import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { CELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { createBackend, type Tensor } from '@mfnet/tensor';
import type { GpujsBackend } from '@mfnet/tensor/gpujs';
import '@mfnet/tensor/gpujs';

/** What `?step` reports: the gpu.js backend's training step on WebGL, through its `stats()`. */
export interface StepBoundsReport {
  engine: string;
  /** Read-backs, and elements read, per step over steps of one batch size. */
  readsPerStep: number;
  elementsPerStep: number;
  /** Live kernel results and free pooled textures after every `every` steps of changing sizes. */
  live: number[];
  free: number[];
  every: number;
  /** The loss of the first and the last step of each size, in the order the sizes come. */
  firstLosses: number[];
  lastLosses: number[];
}

/**
 * A 50-32-16-10 ReLU network trained with CE and SGD on WebGL, where the gpu.js backend keeps
 * products, activations and weights in 2×2 blocks, uploads each batch straight into them and
 * recycles output textures: one read-back per step, and kernel results and pooled textures that
 * stay bounded while the batch size keeps changing (seven sizes in turn, more than the layers'
 * and the loss's caches keep, so that every step evicts one size's scratch). Each step writes a
 * fresh batch into that size's tensors, as the DataLoader does.
 */
export function stepBounds(rounds = 150): StepBoundsReport {
  const backend = createBackend('gpujs');
  const raw = backend.raw as GpujsBackend;
  const sizes = [1, 2, 3, 5, 8, 13, 64];
  const [features, classes] = [50, 10];
  const net = new NeuralNetwork([
    new Linear(features, 32, { backend, seed: 1 }),
    new ReLU(),
    new Linear(32, 16, { backend, seed: 2 }),
    new ReLU(),
    new Linear(16, classes, { backend, seed: 3 }),
  ]);
  const loss = new CELoss();
  const optimizer = new SGD(net.parameters(), { lr: 0.05 });
  const tensors = sizes.map((m) => ({
    m,
    x: backend.zeros(features + 1, m),
    y: backend.zeros(classes + 1, m),
  }));
  // A fixed teacher: class = argmax of a few features, so that the loss can go down.
  const data = (m: number, seed: number): { x: number[]; y: number[] } => {
    const x = new Array<number>((features + 1) * m).fill(1);
    const y = new Array<number>((classes + 1) * m).fill(0);
    for (let s = 0; s < m; s++) {
      let best = 0;
      for (let f = 1; f <= features; f++) {
        const v = Math.sin((s + 1) * 12.9898 * f + seed * 78.233);
        x[f * m + s] = v;
        if (f <= classes && v > x[best === 0 ? m + s : best * m + s]!) best = f;
      }
      y[s] = 1;
      y[(best === 0 ? 1 : best) * m + s] = 1;
    }
    return { x, y };
  };
  const step = (t: { m: number; x: Tensor; y: Tensor }, seed: number): number => {
    const { x, y } = data(t.m, seed % 8);
    backend.write(t.x, x);
    backend.write(t.y, y);
    optimizer.zeroGrad();
    const j = loss.forward(net.forward(t.x), t.y);
    net.backward(loss.grad(), { inputGradient: false });
    optimizer.step();
    return j;
  };

  const big = tensors.at(-1)!;
  step(big, 0);
  step(big, 1);
  const before = raw.stats();
  for (let i = 0; i < 20; i++) step(big, i);
  const after = raw.stats();

  const every = 7 * 25;
  const live: number[] = [];
  const free: number[] = [];
  const firstLosses = sizes.map(() => Number.NaN);
  const lastLosses = sizes.map(() => Number.NaN);
  for (let i = 0; i < rounds * sizes.length; i++) {
    const k = i % sizes.length;
    const j = step(tensors[k]!, i);
    if (i < sizes.length) firstLosses[k] = j;
    lastLosses[k] = j;
    if (i % every === every - 1) {
      live.push(raw.stats().liveTextures);
      free.push(raw.stats().freeTextures);
    }
  }
  return {
    engine: raw.engine,
    readsPerStep: (after.reads - before.reads) / 20,
    elementsPerStep: (after.elementsRead - before.elementsRead) / 20,
    live,
    free,
    every,
    firstLosses,
    lastLosses,
  };
}
