import type { Workload } from '../../src/data.js';

/**
 * The benchmark's MNIST step on random MNIST-shaped data: `steps` batches of 64 images of
 * 784 pixels uniform in [0, 1) with one-hot labels of 10 classes, 784-128-64-10 ReLU, softmax
 * cross-entropy, SGD lr 0.1 (as the Node benchmark's MNIST workload). One "epoch" of it is
 * exactly `steps` training steps. The numbers are seeded, so every setup sees the same data.
 */
export function randomMnistWorkload(steps: number): Workload {
  const batchSize = 64;
  const samples = steps * batchSize;
  const x = new Float64Array(samples * 784);
  const y = new Float64Array(samples * 10);
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < x.length; i++) x[i] = next();
  for (let s = 0; s < samples; s++) y[s * 10 + Math.floor(next() * 10)] = 1;
  return {
    name: 'mnist',
    data: { x, y, samples, features: 784, outputs: 10 },
    sizes: [784, 128, 64, 10],
    batchSize,
    loss: 'ce',
    lr: 0.1,
  };
}
